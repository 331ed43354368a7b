package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-time high mark the watermark advances with: outliers far ahead of the batch do not move it. */
class BatchStatsTest {
    private static final GhArchiveHour H7 = GhArchiveHour.parse("2022-06-05T07");

    @Test
    void aFewEventsFarAheadOfTheBatchDoNotMoveTheHighMark() {
        Envelopes e = new Envelopes(2048);
        for (int i = 0; i < 2000; i++) {
            e.addValid(0, i, i, H7.startInstant().plusSeconds(i).toEpochMilli());
        }
        // Two records from a broken clock, years ahead: k = 1 + 2002 / 1000 = 3 events must reach the high mark.
        e.addValid(0, 2000, 9_000_001, Instant.parse("2031-01-01T00:00:00Z").toEpochMilli());
        e.addValid(0, 2001, 9_000_002, Instant.parse("9999-12-31T23:00:00Z").toEpochMilli());

        BatchStats stats = BatchStats.of(List.of(e));

        assertThat(stats.validRows()).isEqualTo(2002);
        assertThat(Instant.ofEpochMilli(stats.highMarkMillis())).isEqualTo(H7.startInstant().plusSeconds(1999));
        assertThat(stats.validHours()).as("the outliers are still written, into their own hours").hasSize(3);
    }

    @Test
    void inASmallBatchTheNewestEventIsTheHighMarkAndNoValidEventMeansNone() {
        Envelopes e = new Envelopes(4);
        e.addValid(0, 0, 1, H7.startInstant().toEpochMilli());
        e.addValid(0, 1, 2, H7.next().startInstant().plusSeconds(1800).toEpochMilli());
        e.addReject(0, 2, "not_json");
        assertThat(BatchStats.of(List.of(e)).highMarkMillis()).isEqualTo(H7.next().startInstant().plusSeconds(1800).toEpochMilli());

        Envelopes rejectsOnly = new Envelopes(1);
        rejectsOnly.addReject(1, 0, "not_json");
        assertThat(BatchStats.of(List.of(rejectsOnly)).highMarkMillis()).isEqualTo(Long.MIN_VALUE);
    }
}
