package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When {@code --gunzip auto} decodes whole hours: only with about 2 GB beside the heap, e.g. in a container. */
class GunzipModeTest {
    private static final long MB = 1L << 20;

    @Test
    void decodesWholeHoursOnlyWithTwoGigabytesBesideTheHeap() {
        assertThat(GunzipMode.roomForDecodedHours(24_000 * MB, 512 * MB)).as("this 24 GB machine").isTrue();
        assertThat(GunzipMode.roomForDecodedHours(4096 * MB, 512 * MB)).as("the cloud task, launcher heap").isTrue();
        assertThat(GunzipMode.roomForDecodedHours(4096 * MB, 2867 * MB)).as("the same task with a 70 % heap").isFalse();
        assertThat(GunzipMode.roomForDecodedHours(2048 * MB, 512 * MB)).as("a 2 GB laptop VM").isFalse();
        assertThat(GunzipMode.roomForDecodedHours(-1, 512 * MB)).as("memory unknown: trust the user").isTrue();
    }
}
