package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LakeLeaseTest {
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void theConfirmPauseCoversTwentyTimesTheStoresReadAndWriteWithinItsBounds() {
        assertThat(LakeLease.confirmPause(3_000_000, MINUTE)).as("a local disk: 3 ms").isEqualTo(LakeLease.MIN_CONFIRM_PAUSE_MILLIS);
        assertThat(LakeLease.confirmPause(60_000_000, MINUTE)).as("S3: 60 ms").isEqualTo(1_200);
        assertThat(LakeLease.confirmPause(900_000_000, MINUTE)).as("a slow store: capped at a tenth of the TTL").isEqualTo(2_000);
        assertThat(LakeLease.confirmPause(60_000_000, Duration.ofSeconds(6))).as("short TTL: its tenth").isEqualTo(600);
    }
}
