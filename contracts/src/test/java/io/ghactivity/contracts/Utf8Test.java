package io.ghactivity.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static boolean valid(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.isValid(b, 0, b.length);
    }

    @Test
    void acceptsAsciiAndMultibyteText() {
        byte[] s = "plain ascii, longer than eight bytes; héllo ✓ 😀 end".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.isValid(s, 0, s.length)).isTrue();
        assertThat(Utf8.isValid(s, 3, 10)).isTrue();
    }

    @Test
    void rejectsMalformedSequences() {
        assertThat(valid(0x80)).isFalse();               // lone continuation byte
        assertThat(valid(0xc3)).isFalse();               // truncated 2-byte sequence
        assertThat(valid(0xc0, 0x80)).isFalse();         // overlong NUL
        assertThat(valid(0xe0, 0x80, 0x80)).isFalse();   // overlong 3-byte
        assertThat(valid(0xed, 0xa0, 0x80)).isFalse();   // UTF-16 surrogate
        assertThat(valid(0xf4, 0x90, 0x80, 0x80)).isFalse(); // beyond U+10FFFF
        assertThat(valid(0xff)).isFalse();
        assertThat(valid('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0xe2, 0x9c)).isFalse();
    }
}
