package io.ghactivity.dashboard;

import static io.ghactivity.contracts.Marts.REPO_HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.REPO_NAMES;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Most and least active repos over any hour range and type, from {@code repo_hourly_activity}.
 *
 * <p>Order, deterministic: "most" = events descending, ties by lower {@code repo_id} first (older repo); "least" =
 * events ascending, ties by higher {@code repo_id} first (newer repo). The long tail has millions of one-event repos,
 * and newest-first both reads well ("the newest repos with a single event") and lets {@link LeastRepos} look only at
 * the top of the id space. Names come from {@code repo_names} for the returned rows only (a repo without a name row
 * shows as {@code #<id>}).
 */
final class RepoRanking {
    /** Which end of the ranking a caller wants. */
    enum Order {
        MOST("events DESC, repo_id ASC"), LEAST("events ASC, repo_id DESC");

        /** ORDER BY clause over columns {@code events} and {@code repo_id}. */
        final String sql;

        Order(String sql) {
            this.sql = sql;
        }

        java.util.Comparator<RepoCount> comparator() {
            java.util.Comparator<RepoCount> byEvents = java.util.Comparator.comparingLong(RepoCount::events);
            java.util.Comparator<RepoCount> byId = java.util.Comparator.comparingLong(RepoCount::repoId);
            return this == MOST ? byEvents.reversed().thenComparing(byId) : byEvents.thenComparing(byId.reversed());
        }

        static Order parse(String value) {
            if (value == null || value.isBlank()) {
                return MOST;
            }
            return switch (value.trim()) {
                case "most" -> MOST;
                case "least" -> LEAST;
                default -> throw new BadRequest("order: '" + value + "' is not one of most, least");
            };
        }
    }

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    private RepoRanking() {
    }

    static int parseLimit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new BadRequest("limit: '" + value + "' is not a whole number from 1 to " + MAX_LIMIT);
    }

    /** The straightforward ranking: aggregate every repo of the range. Exact, and cheap for a few hours of data. */
    static List<RepoCount> direct(Connection c, Filter f, Order order, int limit) throws SQLException {
        String sql = "SELECT repo_id, SUM(events) AS events FROM " + REPO_HOURLY_ACTIVITY + " WHERE" + RepoSql.RANGE
                + RepoSql.type(f) + " GROUP BY repo_id ORDER BY " + order.sql + " LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = RepoSql.bind(ps, f);
            ps.setInt(i, limit);
            return RepoSql.counts(ps);
        }
    }

    /** Adds names from repo_names for the (few) ranked rows; a repo without a name row shows as {@code #<id>}. */
    static List<Api.RepoEvents> named(Connection c, List<RepoCount> ranked, HotRows hot) throws SQLException {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (RepoCount r : ranked) {
            String known = hot == null ? null : hot.name(r.repoId());
            if (known != null) {
                names.put(r.repoId(), known);
            } else {
                missing.add(r.repoId());
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT repo_id, repo_name FROM " + REPO_NAMES
                    + " WHERE repo_id IN (" + RepoSql.idList(missing) + ")");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        List<Api.RepoEvents> out = new ArrayList<>(ranked.size());
        for (RepoCount r : ranked) {
            out.add(new Api.RepoEvents(names.getOrDefault(r.repoId(), "#" + r.repoId()), r.repoId(), r.events()));
        }
        return out;
    }

    /** A repo id and its event count over some range. */
    record RepoCount(long repoId, long events) {
    }
}
