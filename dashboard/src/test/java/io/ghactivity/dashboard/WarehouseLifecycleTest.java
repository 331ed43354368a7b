package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.RealSample;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Before any load the service answers the empty state; each new load is visible at once (cache keyed on versions). */
class WarehouseLifecycleTest {
    static final List<SampleEvent> EVENTS = SampleEvent.of(RealSample.PINOT_2021_07_21);

    @Test
    void aWarehouseWithoutMartsIsTheEmptyState() throws Exception {
        try (TestWarehouse wh = TestWarehouse.inMemory()) {
            assertEmpty(new DashboardService(wh, Clock.systemUTC()));
        }
    }

    @Test
    void martsWithNoLoadedHourAreTheEmptyStateToo() throws Exception {
        try (TestWarehouse wh = TestWarehouse.inMemory().createEmptyMarts()) {
            assertEmpty(new DashboardService(wh, Clock.systemUTC()));
        }
    }

    @Test
    void eachLoadIsVisibleImmediatelyAndNothingStaleIsServed() throws Exception {
        GhArchiveHour h6 = GhArchiveHour.parse("2021-07-21T06");
        try (TestWarehouse wh = TestWarehouse.inMemory()) {
            DashboardService service = new DashboardService(wh, Clock.systemUTC());
            wh.load(EVENTS.stream().filter(e -> e.hour().equals(h6)).toList());
            String v1 = service.status().version();
            assertThat(service.summary(Filter.ALL).events()).isEqualTo(200);
            assertThat(service.summary(Filter.ALL).events()).isEqualTo(200); // served from the cache now

            wh.load(EVENTS.stream().filter(e -> !e.hour().equals(h6)).toList());
            assertThat(service.status().version()).isNotEqualTo(v1);
            assertThat(service.status().loadedHours()).isEqualTo(4);
            Api.Summary s = service.summary(Filter.ALL);
            assertThat(s.events()).isEqualTo(800);
            assertThat(s.repos()).isEqualTo(IndependentCount.of(EVENTS, null, null, null).repos());
            assertThat(s.latestHour()).isEqualTo("2021-07-21T09");
        }
    }

    private static void assertEmpty(DashboardService service) {
        assertThat(service.status().loadedHours()).isZero();
        Api.Summary s = service.summary(Filter.ALL);
        assertThat(s.events()).isZero();
        assertThat(s.latestHour()).isNull();
        assertThat(s.lagSeconds()).isNull();
        assertThat(service.trafficByHour(Filter.ALL)).hasSize(24).allMatch(h -> h.events() == 0);
        assertThat(service.eventTypes(Filter.ALL)).isEmpty();
        assertThat(service.timeline(Filter.ALL)).isEmpty();
        assertThat(service.repos(Filter.ALL, RepoRanking.Order.MOST, 10)).isEmpty();
    }
}
