package io.ghactivity.dashboard;

import static io.ghactivity.contracts.Marts.REPO_HOURLY_ACTIVITY;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** SQL pieces shared by the repo rankings over {@code repo_hourly_activity}. */
final class RepoSql {
    static final String RANGE = " event_hour BETWEEN CAST(? AS TIMESTAMP) AND CAST(? AS TIMESTAMP)";

    private RepoSql() {
    }

    static String type(Filter f) {
        return f.hasType() ? " AND event_type = ?" : "";
    }

    /** Binds range and type; returns the next parameter index. */
    static int bind(PreparedStatement ps, Filter f) throws SQLException {
        ps.setString(1, f.fromTimestamp());
        ps.setString(2, f.toTimestamp());
        if (f.hasType()) {
            ps.setString(3, f.type());
            return 4;
        }
        return 3;
    }

    /**
     * An SQL list of repo ids. They are longs read back from the warehouse, never request text, so inlining them is
     * safe; DuckDB then prunes with a constant IN-list, which beats a joined parameter array here.
     */
    static String idList(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static List<RepoRanking.RepoCount> counts(PreparedStatement ps) throws SQLException {
        List<RepoRanking.RepoCount> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new RepoRanking.RepoCount(rs.getLong(1), rs.getLong(2)));
            }
        }
        return out;
    }

    /** Exact events over the range for just these repos (one scan of the range's rows, no big aggregation). */
    static List<RepoRanking.RepoCount> sumsFor(Connection c, Filter f, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT repo_id, SUM(events) FROM " + REPO_HOURLY_ACTIVITY
                + " WHERE" + RANGE + type(f) + " AND repo_id IN (" + idList(ids) + ") GROUP BY repo_id")) {
            bind(ps, f);
            return counts(ps);
        }
    }

    /** Events of the range and type, from the small hourly marts: the size of the work a direct ranking would do. */
    static long eventsInRange(Connection c, Filter f) throws SQLException {
        String sql = f.hasType()
                ? "SELECT COALESCE(SUM(events), 0) FROM " + io.ghactivity.contracts.Marts.HOURLY_ACTIVITY + " WHERE" + RANGE + type(f)
                : "SELECT COALESCE(SUM(events), 0) FROM " + io.ghactivity.contracts.Marts.HOURLY_TOTALS + " WHERE" + RANGE;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, f);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** How many loaded hours fall in the range (the whole span is answered from the per-version extremes). */
    static long hoursInRange(Connection c, Filter f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + io.ghactivity.contracts.Marts.HOURLY_TOTALS
                + " WHERE" + RANGE)) {
            ps.setString(1, f.fromTimestamp());
            ps.setString(2, f.toTimestamp());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
