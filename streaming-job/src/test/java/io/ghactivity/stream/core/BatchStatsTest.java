package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-time high mark the watermark advances with: outliers far ahead do not move it, in a batch of any size. */
class BatchStatsTest {
    private static final GhArchiveHour H7 = GhArchiveHour.parse("2022-06-05T07");
    private static final Duration STEP = Duration.ofHours(1);
    private static final long NONE = Long.MIN_VALUE;

    @Test
    void aFewEventsFarAheadOfALargeBatchDoNotMoveTheHighMark() {
        Envelopes e = new Envelopes(2048);
        for (int i = 0; i < 2000; i++) {
            e.addValid(0, i, i, H7.startInstant().plusSeconds(i).toEpochMilli());
        }
        // Two records from a broken clock, years ahead: they count for nothing, and k = 1 + 2002 / 1000 = 3 events
        // must reach the high mark.
        e.addValid(0, 2000, 9_000_001, millis("2031-01-01T00:00:00Z"));
        e.addValid(0, 2001, 9_000_002, millis("9999-12-31T23:00:00Z"));

        BatchStats stats = BatchStats.of(List.of(e), NONE, STEP);

        assertThat(stats.validRows()).isEqualTo(2002);
        assertThat(Instant.ofEpochMilli(stats.highMarkMillis())).isEqualTo(H7.startInstant().plusSeconds(1997));
        assertThat(stats.validHours()).as("the outliers are still written, into their own hours").hasSize(3);
    }

    @Test
    void aSingleEventFarAheadOfEverythingDoesNotMoveTheHighMarkWhateverTheBatchSize() {
        long current = at(H7, 59);
        assertThat(highMark(current, millis("2031-01-01T00:00:00Z")))
                .as("a batch of one far event: no high mark from it").isEqualTo(NONE);
        assertThat(highMark(current, at(H7.next(), 10), millis("2031-01-01T00:00:00Z")))
                .as("a small batch: its other event is the high mark").isEqualTo(at(H7.next(), 10));
        assertThat(highMark(NONE, millis("2031-01-01T00:00:00Z")))
                .as("the first batch of a job, one event: no support, no high mark").isEqualTo(NONE);
    }

    @Test
    void aRepeatedRecordDoesNotSupportItselfButAnotherEventAtTheSameTimeDoes() {
        long far = millis("2031-01-01T00:00:00Z");
        Envelopes repeated = new Envelopes(2);
        repeated.addValid(0, 0, 7, far);
        repeated.addValid(1, 0, 7, far); // the same event again (a re-sent file)
        assertThat(BatchStats.of(List.of(repeated), at(H7, 59), STEP).highMarkMillis()).isEqualTo(NONE);
        Envelopes two = new Envelopes(2);
        two.addValid(0, 0, 7, far);
        two.addValid(1, 0, 8, far);
        assertThat(BatchStats.of(List.of(two), at(H7, 59), STEP).highMarkMillis()).isEqualTo(far);
    }

    @Test
    void eventsWithinAStepOfTheHighMarkOrOfEachOtherMoveIt() {
        long current = at(H7, 59);
        assertThat(highMark(current, at(H7.next(), 50))).as("within a step of the current high mark").isEqualTo(at(H7.next(), 50));
        GhArchiveHour h9 = H7.next().next();
        assertThat(highMark(current, at(h9, 0), at(h9, 30), at(h9.next(), 10)))
                .as("a catch-up after a pause: each event within a step of the one before").isEqualTo(at(h9.next(), 10));
        assertThat(highMark(NONE, at(H7, 0), at(H7, 40))).as("the first batch: two events support each other").isEqualTo(at(H7, 40));
    }

    @Test
    void theStepIsTheAllowedLatenessAndAtLeastAnHour() {
        assertThat(BatchStats.highMarkStep(Duration.ofMinutes(20))).isEqualTo(Duration.ofHours(1));
        assertThat(BatchStats.highMarkStep(Duration.ofHours(3))).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void noValidEventMeansNoHighMark() {
        Envelopes rejectsOnly = new Envelopes(1);
        rejectsOnly.addReject(1, 0, "not_json");
        BatchStats stats = BatchStats.of(List.of(rejectsOnly), at(H7, 0), STEP);
        assertThat(stats.highMarkMillis()).isEqualTo(NONE);
        assertThat(stats.rejectsByReason()).containsEntry("not_json", 1L);
    }

    private static long highMark(long current, long... eventMillis) {
        Envelopes e = new Envelopes(eventMillis.length);
        for (int i = 0; i < eventMillis.length; i++) {
            e.addValid(0, i, i + 1, eventMillis[i]);
        }
        return BatchStats.of(List.of(e), current, STEP).highMarkMillis();
    }

    private static long at(GhArchiveHour hour, int minute) {
        return hour.startInstant().plusSeconds(60L * minute).toEpochMilli();
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
