package io.ghactivity.dashboard;

import static io.ghactivity.contracts.Marts.REPO_HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.REPO_NAMES;

import io.ghactivity.dashboard.RepoRanking.RepoCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every {@code repo_hourly_activity} row of two small sets of repos, held in memory per warehouse version, so the
 * rankings over long ranges need no scan at all:
 * <ul>
 *   <li>the first leaders of every type filter (the repos "most active" answers come from), and</li>
 *   <li>the top of the id space, {@code repo_id >= tailFrom} (where "least active" answers come from: one-event
 *       repos, ties to the higher id).</li>
 * </ul>
 * Built by {@link DashboardService#warmUp()} in the background (one scan); a request never builds it. The arrays are
 * sorted by repo id descending, then hour.
 */
final class HotRows {
    private final long[] repo;
    private final int[] hour;
    private final byte[] type;
    private final long[] events;
    private final List<String> types;
    private final Map<Long, int[]> spans = new HashMap<>();
    private final long tailFrom;
    /** Names of the held leaders and of the highest ids: repo_names is not sorted by id, so a lookup is a scan. */
    private final Map<Long, String> names;

    private HotRows(long[] repo, int[] hour, byte[] type, long[] events, List<String> types, long tailFrom,
            Map<Long, String> names) {
        this.names = names;
        this.repo = repo;
        this.hour = hour;
        this.type = type;
        this.events = events;
        this.types = types;
        this.tailFrom = tailFrom;
        for (int i = 0; i < repo.length; ) {
            int j = i;
            while (j < repo.length && repo[j] == repo[i]) {
                j++;
            }
            spans.put(repo[i], new int[] {i, j});
            i = j;
        }
    }

    /** Loads the rows of {@code leaders} and of the {@code tailRepos} highest repo ids. */
    static HotRows load(Connection c, Collection<Long> leaders, int tailRepos, List<String> types) throws SQLException {
        long tailFrom = tailFrom(c, tailRepos);
        String sql = "SELECT repo_id, CAST(epoch(event_hour) // 3600 AS INTEGER), event_type, events FROM "
                + REPO_HOURLY_ACTIVITY + " WHERE repo_id >= ?"
                + (leaders.isEmpty() ? "" : " OR repo_id IN (" + RepoSql.idList(new TreeSet<>(leaders)) + ")")
                + " ORDER BY repo_id DESC, event_hour";
        List<long[]> rows = new ArrayList<>();
        Map<String, Byte> typeIndex = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            typeIndex.put(types.get(i), (byte) i);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, tailFrom);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Byte t = typeIndex.get(rs.getString(3));
                    rows.add(new long[] {rs.getLong(1), rs.getInt(2), t == null ? -1 : t, rs.getLong(4)});
                }
            }
        }
        int n = rows.size();
        long[] repo = new long[n];
        int[] hour = new int[n];
        byte[] type = new byte[n];
        long[] ev = new long[n];
        for (int i = 0; i < n; i++) {
            long[] r = rows.get(i);
            repo[i] = r[0];
            hour[i] = (int) r[1];
            type[i] = (byte) r[2];
            ev[i] = r[3];
        }
        return new HotRows(repo, hour, type, ev, List.copyOf(types), tailFrom, names(c, leaders, tailFrom(c, NAMED_TAIL)));
    }

    /** How many of the highest repo ids get their name preloaded (least-active answers come from the very top). */
    static final int NAMED_TAIL = 50_000;

    private static Map<Long, String> names(Connection c, Collection<Long> leaders, long from) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT repo_id, repo_name FROM " + REPO_NAMES + " WHERE repo_id >= ?"
                + (leaders.isEmpty() ? "" : " OR repo_id IN (" + RepoSql.idList(new TreeSet<>(leaders)) + ")"))) {
            ps.setLong(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** The preloaded name of a repo, or null (then ask repo_names). */
    String name(long repoId) {
        return names.get(repoId);
    }

    /** The lowest id of the {@code tailRepos} highest ids in repo_names (every repo when there are fewer). */
    private static long tailFrom(Connection c, int tailRepos) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(repo_id) FROM (SELECT repo_id FROM " + REPO_NAMES
                + " ORDER BY repo_id DESC LIMIT ?)")) {
            ps.setInt(1, tailRepos);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? Long.MIN_VALUE : min;
            }
        }
    }

    int rows() {
        return repo.length;
    }

    boolean holds(long repoId) {
        return spans.containsKey(repoId) || repoId >= tailFrom;
    }

    /** Exact events of a held repo in the filter's range and type. */
    long sum(long repoId, Filter f) {
        int[] span = spans.get(repoId);
        if (span == null) {
            return 0;
        }
        long from = f.fromEpochHour();
        long to = f.toEpochHour();
        int want = f.hasType() ? types.indexOf(f.type()) : -2;
        if (f.hasType() && want < 0) {
            return 0;
        }
        long s = 0;
        for (int i = span[0]; i < span[1]; i++) {
            if (hour[i] >= from && hour[i] <= to && (want == -2 || type[i] == want)) {
                s += events[i];
            }
        }
        return s;
    }

    /**
     * "Least" from the tail: the {@code limit} highest ids with exactly one event in the range, or null when the
     * tail does not hold that many (the caller then asks the warehouse).
     */
    List<RepoCount> leastFromTail(Filter f, int limit) {
        List<RepoCount> out = new ArrayList<>(limit);
        for (int i = 0; i < repo.length && repo[i] >= tailFrom; ) {
            long id = repo[i];
            if (sum(id, f) == 1) {
                out.add(new RepoCount(id, 1));
                if (out.size() == limit) {
                    return out;
                }
            }
            i = spans.get(id)[1];
        }
        return null;
    }

    /**
     * "Most" from the held leaders (see {@link TopRepos} for the bound): exact when every repo that could reach the
     * threshold is held, else null.
     */
    List<RepoCount> mostFromLeaders(Filter f, int limit, RepoExtremes extremes, int leadersHeld) {
        List<RepoCount> leaders = extremes.most();
        int held = Math.min(leadersHeld, leaders.size());
        if (held == 0 || !leaders.subList(0, held).stream().allMatch(r -> holds(r.repoId()))) {
            return null;
        }
        List<RepoCount> sums = new ArrayList<>(held);
        for (RepoCount r : leaders.subList(0, held)) {
            long s = sum(r.repoId(), f);
            if (s > 0) {
                sums.add(new RepoCount(r.repoId(), s));
            }
        }
        sums.sort(RepoRanking.Order.MOST.comparator());
        if (extremes.complete() && held == leaders.size()) {
            return List.copyOf(sums.subList(0, Math.min(limit, sums.size()))); // every repo is held
        }
        if (sums.size() < limit) {
            return null;
        }
        long theta = sums.get(limit - 1).events();
        boolean beyondListCouldReach = !extremes.complete() && leaders.get(leaders.size() - 1).events() >= theta;
        boolean beyondHeldCouldReach = held < leaders.size() && leaders.get(held).events() >= theta;
        return beyondListCouldReach || beyondHeldCouldReach ? null : List.copyOf(sums.subList(0, limit));
    }
}
