package io.ghactivity.dashboard;

/**
 * Knobs of the repo rankings; they change the cost, never the answer (every path is exact).
 *
 * @param leaders        how many repos by all-time events are kept per type and warehouse version ({@link TopRepos})
 * @param firstProbe     how many leaders are summed exactly first to find the threshold
 * @param directMaxHours ranges of at most this many loaded hours are ranked directly (few rows, cheap)
 * @param hotLeaders     leaders per type filter whose rows {@link HotRows} holds in memory
 * @param tailRepos      how many of the highest repo ids {@link HotRows} holds in memory
 */
record RankingTuning(int leaders, int firstProbe, int directMaxHours, int hotLeaders, int tailRepos) {
    static final RankingTuning DEFAULT = new RankingTuning(20_000, 1_000, 6, 200, 500_000);

    RankingTuning {
        if (leaders < 1 || firstProbe < 1 || directMaxHours < 0 || hotLeaders < 0 || tailRepos < 1) {
            throw new IllegalArgumentException("bad ranking tuning " + this);
        }
    }
}
