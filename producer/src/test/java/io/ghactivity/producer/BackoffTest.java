package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.producer.source.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void doublesUpToTheMaximum() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.ceiling(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.ceiling(500)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheCeiling() {
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3, 0.999999)).isLessThanOrEqualTo(Duration.ofSeconds(4)).isGreaterThan(Duration.ofMillis(3990));
    }
}
