package io.ghactivity.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GhArchiveHourTest {

    @Test
    void fileNameHourIsNotZeroPadded() {
        GhArchiveHour hour = GhArchiveHour.parse("2022-06-05T07");
        assertThat(hour.fileName()).isEqualTo("2022-06-05-7.json.gz");
        assertThat(hour.dt()).isEqualTo("2022-06-05");
        assertThat(hour.hr()).isEqualTo("07");
        assertThat(hour).hasToString("2022-06-05T07");
    }

    @Test
    void parsesGhArchiveFileNamesAndRejectsOthers() {
        assertThat(GhArchiveHour.fromFileName("2022-06-05-7.json.gz")).contains(GhArchiveHour.parse("2022-06-05T07"));
        assertThat(GhArchiveHour.fromFileName("2022-06-05-23.json.gz")).contains(GhArchiveHour.parse("2022-06-05T23"));
        assertThat(GhArchiveHour.fromFileName("2022-06-05-07.json.gz")).isEmpty();
        assertThat(GhArchiveHour.fromFileName("2022-06-05-24.json.gz")).isEmpty();
        assertThat(GhArchiveHour.fromFileName("2022-02-30-1.json.gz")).isEmpty();
        assertThat(GhArchiveHour.fromFileName("notes.txt")).isEmpty();
    }

    @Test
    void rejectsMalformedHoursWithAHint() {
        assertThatThrownBy(() -> GhArchiveHour.parse("2022-06-05 7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("YYYY-MM-DDTHH");
        assertThatThrownBy(() -> GhArchiveHour.parse("2022-06-31T00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GhArchiveHour.parse("2022-06-01T24")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeIsInclusiveAndCrossesDays() {
        var hours = GhArchiveHour.rangeInclusive(GhArchiveHour.parse("2022-06-01T22"), GhArchiveHour.parse("2022-06-02T01"));
        assertThat(hours).extracting(GhArchiveHour::toString)
                .containsExactly("2022-06-01T22", "2022-06-01T23", "2022-06-02T00", "2022-06-02T01");
        assertThat(GhArchiveHour.rangeInclusive(GhArchiveHour.parse("2022-06-01T00"), GhArchiveHour.parse("2022-06-30T23"))).hasSize(720);
        assertThatThrownBy(() -> GhArchiveHour.rangeInclusive(GhArchiveHour.parse("2022-06-02T00"), GhArchiveHour.parse("2022-06-01T00")))
                .hasMessageContaining("before");
    }

    @Test
    void containingAndEpochHourRoundTrip() {
        Instant t = Instant.parse("2022-06-21T02:59:59Z");
        GhArchiveHour hour = GhArchiveHour.containing(t);
        assertThat(hour).hasToString("2022-06-21T02");
        assertThat(hour.contains(t)).isTrue();
        assertThat(hour.contains(hour.endInstant())).isFalse();
        assertThat(GhArchiveHour.ofEpochHour(hour.epochHour())).isEqualTo(hour);
    }
}
