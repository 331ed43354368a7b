package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.RealSample;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every number the service answers equals an independent count over the real input events (pinot sample: 800 events
 * in 4 hours of 2021-07-21, all 15 June-2022 types), for every hour range and type.
 */
class DashboardServiceTest {
    static final List<SampleEvent> EVENTS = SampleEvent.of(RealSample.PINOT_2021_07_21);
    static final List<GhArchiveHour> HOURS = EVENTS.stream().map(SampleEvent::hour).distinct().sorted().toList();
    static final Instant NOW = Instant.parse("2021-07-21T12:30:00Z");

    static TestWarehouse warehouse;
    static DashboardService service;

    @BeforeAll
    static void load() throws Exception {
        warehouse = TestWarehouse.inMemory().load(EVENTS);
        service = new DashboardService(warehouse, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void close() throws Exception {
        warehouse.close();
    }

    @Test
    void sampleIsWhatTheTestsAssume() {
        assertThat(EVENTS).hasSize(RealSample.PINOT_2021_07_21.documentedEventCount());
        assertThat(HOURS).extracting(GhArchiveHour::toString)
                .containsExactly("2021-07-21T06", "2021-07-21T07", "2021-07-21T08", "2021-07-21T09");
        assertThat(IndependentCount.of(EVENTS, null, null, null).perType()).hasSize(15);
    }

    @Test
    void summaryOfEverythingMatchesTheInputAndReportsTheLag() {
        IndependentCount all = IndependentCount.of(EVENTS, null, null, null);
        Api.Summary s = service.summary(Filter.ALL);
        assertThat(s.events()).isEqualTo(800);
        assertThat(s.actors()).isEqualTo(all.actors());
        assertThat(s.repos()).isEqualTo(all.repos());
        assertThat(s.firstHour()).isEqualTo("2021-07-21T06");
        assertThat(s.latestHour()).isEqualTo("2021-07-21T09");
        assertThat(s.lagSeconds()).isEqualTo(2 * 3600 + 30 * 60); // now 12:30, latest hour ended at 10:00
        assertThat(s.lastLoadAt()).isNotBlank();
    }

    @Test
    void distinctActorsAndReposAreExactForEveryRangeAndType() {
        List<String> types = new ArrayList<>(IndependentCount.of(EVENTS, null, null, null).perType().keySet());
        types.add(null);
        for (int a = 0; a < HOURS.size(); a++) {
            for (int b = a; b < HOURS.size(); b++) {
                for (String type : types) {
                    IndependentCount want = IndependentCount.of(EVENTS, HOURS.get(a), HOURS.get(b), type);
                    Api.Summary got = service.summary(new Filter(HOURS.get(a), HOURS.get(b), type));
                    String where = HOURS.get(a) + ".." + HOURS.get(b) + " " + type;
                    assertThat(got.events()).as("events " + where).isEqualTo(want.count());
                    assertThat(got.actors()).as("actors " + where).isEqualTo(want.actors());
                    assertThat(got.repos()).as("repos " + where).isEqualTo(want.repos());
                }
            }
        }
    }

    @Test
    void openEndedRangesCountFromTheFirstOrToTheLastHour() {
        GhArchiveHour h7 = HOURS.get(1);
        IndependentCount upTo = IndependentCount.of(EVENTS, null, h7, null);
        IndependentCount from = IndependentCount.of(EVENTS, h7, null, null);
        assertThat(service.summary(new Filter(null, h7, null)))
                .extracting(Api.Summary::events, Api.Summary::actors, Api.Summary::repos)
                .containsExactly(upTo.count(), upTo.actors(), upTo.repos());
        assertThat(service.summary(new Filter(h7, null, null)))
                .extracting(Api.Summary::events, Api.Summary::actors, Api.Summary::repos)
                .containsExactly(from.count(), from.actors(), from.repos());
    }

    @Test
    void trafficByHourHasAll24HoursAndMatchesPerHourOfDay() {
        Filter f = new Filter(HOURS.get(1), HOURS.get(3), "PushEvent");
        long[] want = IndependentCount.of(EVENTS, f.from(), f.to(), f.type()).perHourOfDay();
        List<Api.HourOfDay> got = service.trafficByHour(f);
        assertThat(got).hasSize(24).extracting(Api.HourOfDay::hour).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 24).boxed().toList());
        assertThat(got.stream().mapToLong(Api.HourOfDay::events).toArray()).containsExactly(want);
        assertThat(service.trafficByHour(Filter.ALL).get(6).events()).isEqualTo(200);
        assertThat(service.trafficByHour(Filter.ALL).get(12).events()).isZero();
    }

    @Test
    void eventTypesGiveCountsAndSharesOfAllEventsMostPopularFirst() {
        Filter range = new Filter(HOURS.get(0), HOURS.get(1), null);
        IndependentCount want = IndependentCount.of(EVENTS, range.from(), range.to(), null);
        List<Api.TypeShare> got = service.eventTypes(range);
        assertThat(got.stream().collect(Collectors.toMap(Api.TypeShare::type, Api.TypeShare::events)))
                .isEqualTo(want.perType());
        assertThat(got).isSortedAccordingTo((x, y) -> Long.compare(y.events(), x.events()));
        assertThat(got.stream().mapToDouble(Api.TypeShare::share).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        Api.TypeShare push = got.get(0);
        assertThat(push.type()).isEqualTo("PushEvent");
        assertThat(push.share()).isEqualTo((double) want.perType().get("PushEvent") / want.count());

        // with a type filter: that type's row only, still as a share of all events in the range
        assertThat(service.eventTypes(new Filter(range.from(), range.to(), "PushEvent"))).containsExactly(push);
        assertThat(service.eventTypes(new Filter(null, null, "SponsorshipEvent"))).isEmpty();
    }

    @Test
    void timelineListsEveryHourOfTheRangeWithinTheLoadedSpanZerosIncluded() {
        Map<String, Long> want = IndependentCount.of(EVENTS, null, null, "GollumEvent").perHour();
        List<Api.TimePoint> got = service.timeline(new Filter(GhArchiveHour.parse("2021-07-01T00"), null, "GollumEvent"));
        assertThat(got).extracting(Api.TimePoint::hour).containsExactly(
                "2021-07-21T06", "2021-07-21T07", "2021-07-21T08", "2021-07-21T09");
        for (Api.TimePoint p : got) {
            assertThat(p.events()).as(p.hour()).isEqualTo(want.getOrDefault(p.hour(), 0L));
        }
        assertThat(got.stream().filter(p -> p.events() == 0)).isNotEmpty(); // 2 Gollum events cannot fill 4 hours
        assertThat(service.timeline(new Filter(HOURS.get(2), HOURS.get(2), null)))
                .containsExactly(new Api.TimePoint("2021-07-21T08", 200));
        assertThat(service.timeline(new Filter(GhArchiveHour.parse("2022-01-01T00"), null, null))).isEmpty();
    }

    @Test
    void reposMostAndLeastFollowTheDocumentedOrderWithNames() {
        Map<Long, String> names = EVENTS.stream().collect(Collectors.toMap(SampleEvent::repoId, SampleEvent::repoName, (x, y) -> y));
        for (String type : new String[] {null, "PushEvent", "WatchEvent"}) {
            for (boolean most : new boolean[] {true, false}) {
                Filter f = new Filter(HOURS.get(1), HOURS.get(3), type);
                List<Map.Entry<Long, Long>> want = IndependentCount.of(EVENTS, f.from(), f.to(), type).rankedRepos(most, 7);
                List<Api.RepoEvents> got = service.repos(f, most ? RepoRanking.Order.MOST : RepoRanking.Order.LEAST, 7);
                assertThat(got).extracting(Api.RepoEvents::repoId).as(type + " " + most)
                        .containsExactlyElementsOf(want.stream().map(Map.Entry::getKey).toList());
                assertThat(got).extracting(Api.RepoEvents::events)
                        .containsExactlyElementsOf(want.stream().map(Map.Entry::getValue).toList());
                got.forEach(r -> assertThat(r.repo()).isNotBlank());
            }
        }
        Api.RepoEvents top = service.repos(Filter.ALL, RepoRanking.Order.MOST, 1).get(0);
        assertThat(top.repo()).isEqualTo(EVENTS.stream().filter(e -> e.repoId() == top.repoId())
                .max(java.util.Comparator.comparing(SampleEvent::createdAt)).orElseThrow().repoName());
        assertThat(names).containsKey(top.repoId());
    }

    @Test
    void statusReportsLoadedHoursAndAVersion() {
        Api.Status st = service.status();
        assertThat(st.loadedHours()).isEqualTo(4);
        assertThat(st.latestHour()).isEqualTo("2021-07-21T09");
        assertThat(st.version()).isNotBlank();
    }

    @Test
    void anUnknownTypeIsRejectedButAKnownTypeWithoutEventsIsZero() {
        assertThatThrownBy(() -> service.summary(new Filter(null, null, "PushEvnt")))
                .isInstanceOf(BadRequest.class).hasMessageContaining("unknown event type 'PushEvnt'")
                .hasMessageContaining("PushEvent");
        Api.Summary none = service.summary(new Filter(null, null, "SponsorshipEvent"));
        assertThat(none.events()).isZero();
        assertThat(none.actors()).isZero();
    }
}
