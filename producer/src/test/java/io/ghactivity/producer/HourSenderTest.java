package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HourSenderTest {
    @Test
    void encodesLongsAsDecimalAscii() {
        assertThat(new String(HourSender.ascii(0), StandardCharsets.US_ASCII)).isEqualTo("0");
        assertThat(new String(HourSender.ascii(9), StandardCharsets.US_ASCII)).isEqualTo("9");
        assertThat(new String(HourSender.ascii(10), StandardCharsets.US_ASCII)).isEqualTo("10");
        assertThat(new String(HourSender.ascii(22749283432L), StandardCharsets.US_ASCII)).isEqualTo("22749283432");
        assertThat(new String(HourSender.ascii(Long.MAX_VALUE), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void everyDigitCountAndBoundaryMatchesLongToString() {
        java.util.Random random = new java.util.Random(7);
        for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10 * 10; power *= 10) {
            for (long v : new long[] {power - 1, power, power + 1, power * 9 + 99, Math.abs(random.nextLong() % (power * 10))}) {
                if (v >= 0) {
                    assertThat(new String(HourSender.ascii(v), StandardCharsets.US_ASCII)).as("%d", v).isEqualTo(Long.toString(v));
                }
            }
        }
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >>> (1 + random.nextInt(63)); // non-negative, 1 to 19 digits
            assertThat(new String(HourSender.ascii(v), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }
}
