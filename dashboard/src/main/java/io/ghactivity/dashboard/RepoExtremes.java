package io.ghactivity.dashboard;

import static io.ghactivity.contracts.Marts.REPO_HOURLY_ACTIVITY;

import io.ghactivity.dashboard.RepoRanking.RepoCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Per warehouse version and type: the repos with the most and with the fewest events over everything loaded (G),
 * at most {@link RankingTuning#leaders()} of each, ordered as the API orders them (ties by repo id).
 *
 * <p>They answer a ranking over the whole loaded span outright (the dashboard's default view), and {@link #most()} is
 * the bound {@link TopRepos} prunes with. One aggregation over repo_hourly_activity per type: the expensive part of
 * the dashboard, done once per load (in the background, see {@link DashboardService#warmUp()}).
 *
 * @param most     by G descending
 * @param least    by G ascending (ties: higher id first, as the API orders "least")
 * @param complete true when the lists hold every repo (small data)
 */
record RepoExtremes(List<RepoCount> most, List<RepoCount> least, boolean complete) {

    static RepoExtremes load(Connection c, String type, RankingTuning tuning) throws SQLException {
        String where = type == null ? "" : " WHERE event_type = ?";
        int m = tuning.leaders();
        String sql = "WITH g AS MATERIALIZED (SELECT repo_id, SUM(events) AS g FROM " + REPO_HOURLY_ACTIVITY + where
                + " GROUP BY repo_id)"
                + " (SELECT 'most' AS side, repo_id, g FROM g ORDER BY g DESC, repo_id ASC LIMIT " + m + ")"
                + " UNION ALL (SELECT 'least', repo_id, g FROM g ORDER BY g ASC, repo_id DESC LIMIT " + m + ")";
        List<RepoCount> most = new ArrayList<>();
        List<RepoCount> least = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (type != null) {
                ps.setString(1, type);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ("most".equals(rs.getString(1)) ? most : least).add(new RepoCount(rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        // UNION ALL keeps each side's rows together but not necessarily in order
        most.sort(RepoRanking.Order.MOST.comparator());
        least.sort(RepoRanking.Order.LEAST.comparator());
        return new RepoExtremes(List.copyOf(most), List.copyOf(least), most.size() < m);
    }

    /** The answer for a range covering every loaded hour, when the lists are long enough to give it. */
    List<RepoCount> wholeSpan(RepoRanking.Order order, int limit) {
        List<RepoCount> side = order == RepoRanking.Order.MOST ? most : least;
        return side.size() >= limit || complete ? List.copyOf(side.subList(0, Math.min(limit, side.size()))) : null;
    }
}
