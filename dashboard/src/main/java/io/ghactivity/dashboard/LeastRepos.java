package io.ghactivity.dashboard;

import static io.ghactivity.contracts.Marts.REPO_HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.REPO_NAMES;

import io.ghactivity.dashboard.RepoRanking.RepoCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Least active repos over a long range without aggregating every repo (exact).
 *
 * <p>One event is the least a repo active in the range can have, and ties go to the higher id, so when at least
 * {@code limit} repos have exactly one event in the range the answer is the {@code limit} highest ids among them.
 * Those are found by aggregating only repos with {@code repo_id >= X}: few rows, since the top of the id space is the
 * long tail. X starts where the per-version extremes say enough single-event repos live (scaled by the share of
 * loaded hours the range covers) and walks down until enough are found; if the whole id space is covered without
 * finding enough (the minimum is above one, or too few repos), the caller ranks directly.
 */
final class LeastRepos {
    private static final String ONES_FROM = "SELECT repo_id, SUM(events) AS s FROM " + REPO_HOURLY_ACTIVITY
            + " WHERE" + RepoSql.RANGE + "%TYPE% AND repo_id >= ? GROUP BY repo_id HAVING SUM(events) = 1"
            + " ORDER BY repo_id DESC LIMIT ?";

    private LeastRepos() {
    }

    /** {min id, max id, count} of repo_names: the id space to walk. Cheap; cache per version. */
    static long[] idSpace(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(repo_id), max(repo_id), count(*) FROM " + REPO_NAMES);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    /**
     * The answer, or null when it needs the direct ranking.
     *
     * @param coverage share of the loaded hours the range covers (0..1], to size the first guess
     */
    static List<RepoCount> rank(Connection c, Filter f, int limit, long[] idSpace, RepoExtremes extremes, double coverage)
            throws SQLException {
        List<RepoCount> singletons = extremes.least().stream().filter(r -> r.events() == 1).toList(); // ids descending
        // expect about coverage x k of the k highest single-event repos to have their event in the range
        long want = (long) Math.ceil(4.0 * limit / Math.max(coverage, 1e-6));
        long bound = singletons.size() > want ? singletons.get((int) want).repoId() : idSpace[0];
        while (true) {
            List<RepoCount> ones = onesFrom(c, f, limit, bound);
            if (ones.size() == limit) {
                return ones;
            }
            if (bound <= idSpace[0]) {
                return null;
            }
            long span = Math.max(4 * (idSpace[1] - bound), (idSpace[1] - idSpace[0]) / 64 + 1); // at least 4x wider
            bound = Math.max(idSpace[0], idSpace[1] - span);
        }
    }

    private static List<RepoCount> onesFrom(Connection c, Filter f, int limit, long bound) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ONES_FROM.replace("%TYPE%", RepoSql.type(f)))) {
            int i = RepoSql.bind(ps, f);
            ps.setLong(i++, bound);
            ps.setInt(i, limit);
            return RepoSql.counts(ps);
        }
    }
}
