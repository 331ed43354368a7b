package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --speed on a simulated clock: events are released at N× real time by created_at, never early, never held twice. */
class PacerTest {
    private static final long SECOND = 1_000_000_000L;

    /** A clock that only moves when the pacer sleeps, or when the test says time passed (sending takes time). */
    private static final class SimulatedTime {
        long now = 5 * SECOND;
        final List<Long> sleeps = new ArrayList<>();

        Pacer pacer(double factor) {
            return new Pacer(factor, () -> now, nanos -> {
                sleeps.add(nanos);
                now += nanos;
            });
        }
    }

    @Test
    void sixtyTimesRealTimeReleasesAMinuteOfEventsPerSecond() throws InterruptedException {
        SimulatedTime time = new SimulatedTime();
        Pacer pacer = time.pacer(60);
        long t0 = 1_654_041_600_000L; // 2022-06-01T00:00:00Z
        pacer.await(t0);
        pacer.await(t0 + 60_000); // one minute of event time later: due 1 s after the first
        assertThat(time.now).isEqualTo(6 * SECOND);
        pacer.await(t0 + 90_000);
        assertThat(time.now).isEqualTo(6 * SECOND + SECOND / 2);
        assertThat(time.sleeps).containsExactly(SECOND, SECOND / 2);
    }

    @Test
    void timeAlreadySpentSendingIsNotWaitedAgain() throws InterruptedException {
        SimulatedTime time = new SimulatedTime();
        Pacer pacer = time.pacer(2);
        pacer.await(0);
        time.now += 3 * SECOND; // sending took 3 s: the event due at +5 s waits only 2 s more
        pacer.await(10_000);
        assertThat(time.sleeps).containsExactly(2 * SECOND);
        time.now += 10 * SECOND; // far behind schedule: the next events go at once
        pacer.await(12_000);
        pacer.await(12_000);
        assertThat(time.sleeps).hasSize(1);
    }

    @Test
    void maxSpeedAndOutOfOrderEventsNeverWait() throws InterruptedException {
        SimulatedTime time = new SimulatedTime();
        Pacer max = time.pacer(0);
        max.await(0);
        max.await(3_600_000);
        Pacer paced = time.pacer(1);
        paced.await(60_000);
        paced.await(1_000); // created_at earlier than the first event's (GH Archive is not sorted): due already
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void anEventDatedFarFromItsFileIsPacedAsIfAtTheEdgeOfTheFilesHour() throws InterruptedException {
        SimulatedTime time = new SimulatedTime();
        Pacer pacer = time.pacer(60);
        long hour = 1_654_041_600_000L; // 2022-06-01T00
        pacer.window(hour, hour + 3_600_000);
        pacer.await(0); // 1970 as the first event: the run's clock starts at the hour, not in 1970
        pacer.await(hour + 60_000);
        assertThat(time.sleeps).containsExactly(SECOND);
        pacer.await(253_402_300_799_000L); // 9999-12-31: waits until the hour's end (59 s more), not for centuries
        assertThat(time.sleeps).containsExactly(SECOND, 59 * SECOND);
    }
}
