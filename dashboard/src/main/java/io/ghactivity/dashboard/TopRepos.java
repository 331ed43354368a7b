package io.ghactivity.dashboard;

import io.ghactivity.dashboard.RepoRanking.RepoCount;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Most active repos over a long range without aggregating millions of repos per request (exact, threshold pruning).
 *
 * <p>"Leaders" are the top {@link #LEADERS} repos by events over everything loaded (G), computed once per warehouse
 * version and type. A repo's events in any range are at most its G. Probing the first leaders' exact range sums gives
 * θ, the limit-th best sum among them: the true top-N all have at least θ events in the range, so every one of them has
 * G ≥ θ and is a leader before the first leader with G &lt; θ. Only those leaders are summed exactly — one scan of the
 * range's rows filtered on their ids. When θ does not clear the last leader's G (a short or unusual range), the
 * ranking falls back to {@link RepoRanking#direct}.
 */
final class TopRepos {
    private TopRepos() {
    }

    /** The top {@code limit} repos of the range, or null when pruning cannot prove the answer (use direct). */
    static List<RepoCount> rank(Connection c, Filter f, int limit, RepoExtremes extremes, RankingTuning tuning)
            throws SQLException {
        List<RepoCount> leaders = extremes.most();
        if (leaders.size() < tuning.leaders()) {
            return null; // every repo is a leader: the data is small, the direct ranking is cheap
        }
        long floor = leaders.get(leaders.size() - 1).events(); // every repo beyond the list has G <= floor
        int firstProbe = Math.min(leaders.size(), Math.max(tuning.firstProbe(), 2 * limit));
        Map<Long, Long> sums = new HashMap<>();
        RepoSql.sumsFor(c, f, ids(leaders.subList(0, firstProbe))).forEach(r -> sums.put(r.repoId(), r.events()));
        if (sums.size() < limit) {
            return null; // too few leaders active in the range to bound it
        }
        long theta = sums.values().stream().sorted(Comparator.reverseOrder()).skip(limit - 1).findFirst().orElseThrow();
        if (theta <= floor) {
            return null; // a repo beyond the leaders could still reach θ
        }
        int candidates = 0;
        while (candidates < leaders.size() && leaders.get(candidates).events() >= theta) {
            candidates++;
        }
        if (candidates > firstProbe) {
            RepoSql.sumsFor(c, f, ids(leaders.subList(firstProbe, candidates))).forEach(r -> sums.put(r.repoId(), r.events()));
        }
        return finish(sums, limit);
    }

    private static List<RepoCount> finish(Map<Long, Long> sums, int limit) {
        List<RepoCount> out = new ArrayList<>();
        sums.forEach((id, n) -> out.add(new RepoCount(id, n)));
        out.sort(RepoRanking.Order.MOST.comparator());
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    private static List<Long> ids(List<RepoCount> rows) {
        return rows.stream().map(RepoCount::repoId).toList();
    }
}
