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
}
