package io.ghactivity.dashboard;

/**
 * Knobs of the repo rankings; they change the cost, never the answer (every path is exact).
 *
 * @param leaders        how many repos by all-time events are kept per type and warehouse version ({@link TopRepos})
 * @param firstProbe     how many leaders are summed exactly first to find the threshold
 * @param directMaxEvents ranges holding at most this many events (of the filtered type) are ranked directly: one
 *                        aggregation costs about 20 ms per million events on a full-scale June 2022 warehouse, less
 *                        than a pruned ranking that cannot prove its answer and falls back
 * @param hotLeaders     leaders per type filter whose rows {@link HotRows} holds in memory
 * @param tailRepos      how many of the highest repo ids {@link HotRows} holds in memory
 */
record RankingTuning(int leaders, int firstProbe, long directMaxEvents, int hotLeaders, int tailRepos) {
    static final RankingTuning DEFAULT = new RankingTuning(20_000, 1_000, 3_000_000, 200, 500_000);

    RankingTuning {
        if (leaders < 1 || firstProbe < 1 || directMaxEvents < 0 || hotLeaders < 0 || tailRepos < 1) {
            throw new IllegalArgumentException("bad ranking tuning " + this);
        }
    }
}
