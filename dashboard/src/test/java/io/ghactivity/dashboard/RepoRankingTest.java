package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.RealSample;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pruned rankings (threshold over leaders for "most", id-prefix walk for "least") give exactly the direct answer.
 * Tiny tuning makes the 623 repos of the sample "many", so every path — pruned, second probe, fallback — runs here.
 */
class RepoRankingTest {
    static final List<SampleEvent> EVENTS = SampleEvent.of(RealSample.PINOT_2021_07_21);
    static final List<GhArchiveHour> HOURS = EVENTS.stream().map(SampleEvent::hour).distinct().sorted().toList();
    static final RankingTuning TINY = new RankingTuning(20, 3, 0, 5, 60);

    static TestWarehouse warehouse;

    @BeforeAll
    static void load() throws Exception {
        warehouse = TestWarehouse.inMemory().load(EVENTS);
    }

    @AfterAll
    static void close() throws Exception {
        warehouse.close();
    }

    @Test
    void prunedRankingsEqualTheIndependentCountForEveryRangeTypeAndLimit() {
        assertEveryRankingIsExact(new DashboardService(warehouse, Clock.systemUTC(), TINY, false));
    }

    @Test
    void inMemoryHotRowsAfterTheWarmUpGiveTheSameExactAnswers() {
        DashboardService service = new DashboardService(warehouse, Clock.systemUTC(), TINY, false);
        service.warmUp();
        assertEveryRankingIsExact(service);
    }

    @Test
    void hotRowsProveAnswersWithoutTheWarehouse() throws Exception {
        try (Connection c = warehouse.open()) {
            RepoExtremes all = RepoExtremes.load(c, null, TINY);
            List<Long> leaders = all.most().stream().limit(TINY.hotLeaders()).map(RepoRanking.RepoCount::repoId).toList();
            HotRows hot = HotRows.load(c, leaders, TINY.tailRepos(), List.of("PushEvent", "WatchEvent"));
            assertThat(hot.rows()).isPositive();
            Filter threeHours = new Filter(HOURS.get(0), HOURS.get(2), null);
            List<RepoRanking.RepoCount> least = hot.leastFromTail(threeHours, 5);
            assertThat(least).as("60 tail repos hold 5 one-event repos").isNotNull();
            assertThat(least).extracting(RepoRanking.RepoCount::repoId).containsExactlyElementsOf(
                    IndependentCount.of(EVENTS, threeHours.from(), threeHours.to(), null).rankedRepos(false, 5).stream()
                            .map(Map.Entry::getKey).toList());
            List<RepoRanking.RepoCount> most = hot.mostFromLeaders(Filter.ALL, 1, all, TINY.hotLeaders());
            assertThat(most).as("the top repo of everything is provable from 5 held leaders").isNotNull();
            assertThat(most.get(0).repoId()).isEqualTo(
                    IndependentCount.of(EVENTS, null, null, null).rankedRepos(true, 1).get(0).getKey());
        }
    }

    private static void assertEveryRankingIsExact(DashboardService service) {
        List<String> types = new ArrayList<>(List.of("PushEvent", "CreateEvent", "WatchEvent"));
        types.add(null);
        for (int a = 0; a < HOURS.size(); a++) {
            for (int b = a; b < HOURS.size(); b++) {
                for (String type : types) {
                    for (int limit : new int[] {1, 3, 10, 50}) {
                        for (RepoRanking.Order order : RepoRanking.Order.values()) {
                            Filter f = new Filter(HOURS.get(a), HOURS.get(b), type);
                            List<Map.Entry<Long, Long>> want = IndependentCount.of(EVENTS, f.from(), f.to(), type)
                                    .rankedRepos(order == RepoRanking.Order.MOST, limit);
                            List<Api.RepoEvents> got = service.repos(f, order, limit);
                            String where = f + " " + order + " " + limit;
                            assertThat(got).extracting(Api.RepoEvents::repoId).as(where)
                                    .containsExactlyElementsOf(want.stream().map(Map.Entry::getKey).toList());
                            assertThat(got).extracting(Api.RepoEvents::events).as(where)
                                    .containsExactlyElementsOf(want.stream().map(Map.Entry::getValue).toList());
                        }
                    }
                }
            }
        }
    }

    @Test
    void thePrunedPathsReallyAnswerWithoutFallingBack() throws Exception {
        try (Connection c = warehouse.open()) {
            RepoExtremes extremes = RepoExtremes.load(c, null, TINY);
            assertThat(extremes.complete()).isFalse();
            assertThat(extremes.most()).hasSize(20).isSortedAccordingTo((x, y) -> Long.compare(y.events(), x.events()));
            assertThat(extremes.least()).hasSize(20).allMatch(r -> r.events() == 1)
                    .isSortedAccordingTo((x, y) -> Long.compare(y.repoId(), x.repoId()));
            List<RepoRanking.RepoCount> top = TopRepos.rank(c, Filter.ALL, 3, extremes, TINY);
            assertThat(top).as("threshold pruning proves the top 3 of everything").isNotNull();
            List<Map.Entry<Long, Long>> want = IndependentCount.of(EVENTS, null, null, null).rankedRepos(true, 3);
            assertThat(top).extracting(RepoRanking.RepoCount::repoId)
                    .containsExactlyElementsOf(want.stream().map(Map.Entry::getKey).toList());
            assertThat(extremes.wholeSpan(RepoRanking.Order.MOST, 3)).isEqualTo(top);
            assertThat(extremes.wholeSpan(RepoRanking.Order.MOST, 21)).as("longer than the list: not provable").isNull();

            List<RepoRanking.RepoCount> least = LeastRepos.rank(c, new Filter(HOURS.get(1), HOURS.get(2), null), 5,
                    LeastRepos.idSpace(c), extremes, 0.5);
            assertThat(least).as("the id-prefix walk finds 5 one-event repos").isNotNull();
            assertThat(least).extracting(RepoRanking.RepoCount::repoId).containsExactlyElementsOf(
                    IndependentCount.of(EVENTS, HOURS.get(1), HOURS.get(2), null).rankedRepos(false, 5).stream()
                            .map(Map.Entry::getKey).toList());
        }
    }
}
