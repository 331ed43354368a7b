package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FilterTest {
    @Test
    void blanksMeanUnbounded() {
        Filter f = Filter.parse("", null, " ");
        assertThat(f).isEqualTo(Filter.ALL);
        assertThat(f.fromTimestamp()).isEqualTo("1970-01-01 00:00:00");
        assertThat(f.fromEpochHour()).isZero();
        assertThat(f.gapsType()).isEqualTo("*");
    }

    @Test
    void hoursBecomeTimestampsAndEpochHours() {
        Filter f = Filter.parse("2022-06-01T05", "2022-06-30T23", "PushEvent");
        assertThat(f.fromTimestamp()).isEqualTo("2022-06-01 05:00:00");
        assertThat(f.toTimestamp()).isEqualTo("2022-06-30 23:00:00");
        assertThat(f.fromEpochHour()).isEqualTo(1654059600L / 3600);
        assertThat(f.gapsType()).isEqualTo("PushEvent");
        assertThat(Filter.parse("2022-06-01T05", "2022-06-01T05", null).from()).isEqualTo(f.from());
    }

    @Test
    void rejectsWhatIsNotAnHourOrATypeName() {
        assertThatThrownBy(() -> Filter.parse("2022-06-01 05", null, null)).isInstanceOf(BadRequest.class)
                .hasMessageContaining("from").hasMessageContaining("YYYY-MM-DDTHH");
        assertThatThrownBy(() -> Filter.parse(null, "2022-06-31T00", null)).hasMessageStartingWith("to:");
        assertThatThrownBy(() -> Filter.parse("2022-06-02T00", "2022-06-01T23", null)).hasMessageContaining("is after");
        assertThatThrownBy(() -> Filter.parse(null, null, "Push\u0000Event")).isInstanceOf(BadRequest.class).hasMessageStartingWith("type:");
        assertThatThrownBy(() -> Filter.parse(null, null, "P".repeat(513))).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> Filter.parse("1969-12-31T23", null, null)).hasMessageContaining("1970-01-01T00");
        assertThatThrownBy(() -> Filter.parse("+10000-01-01T00", null, null)).hasMessageStartingWith("from:");
        assertThatThrownBy(() -> Filter.parse("2000-01-01T00", "2025-01-01T01", null)).hasMessageContaining("25 years");
    }

    @Test
    void repoOrderAndLimitAreValidated() {
        assertThat(RepoRanking.Order.parse(null)).isEqualTo(RepoRanking.Order.MOST);
        assertThat(RepoRanking.Order.parse("least")).isEqualTo(RepoRanking.Order.LEAST);
        assertThat(RepoRanking.parseLimit(null)).isEqualTo(10);
        assertThat(RepoRanking.parseLimit("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> RepoRanking.parseLimit("-1")).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> RepoRanking.Order.parse("MOST ")).isInstanceOf(BadRequest.class);
    }
}
