package io.ghactivity.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every mask against a byte-at-a-time reference: on words built from the bytes that matter (the searched values, their
 * neighbours, 0x00, 0x1f/0x20, 0x7f/0x80, 0xff) so that borrows and carries are exercised, and on random arrays for
 * the searches, at every offset and length (the tails shorter than a word included).
 */
class SwarScanTest {
    private static final byte[] INTERESTING = {
        0x00, 0x01, 0x09, 0x0a, 0x0b, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x41, 0x7e, 0x7f,
        (byte) 0x80, (byte) 0x81, (byte) 0xa2, (byte) 0xc3, (byte) 0xdc, (byte) 0xfe, (byte) 0xff,
    };

    @Test
    void eachEqualFlagsExactlyTheEqualBytes() {
        Random rnd = new Random(1);
        for (int n = 0; n < 200_000; n++) {
            byte[] w = randomWord(rnd);
            byte value = INTERESTING[rnd.nextInt(INTERESTING.length)];
            long mask = SwarScan.eachEqual(SwarScan.word(w, 0), value);
            for (int k = 0; k < 8; k++) {
                int at = k;
                assertTrue(flagged(mask, k) == (w[k] == value), () -> "byte " + at + " of " + hex(w) + ", value " + value);
            }
            assertTrue((mask & ~0x8080808080808080L) == 0, () -> "stray bits for " + hex(w));
        }
    }

    @Test
    void nonAsciiFlagsExactlyTheHighBytes() {
        Random rnd = new Random(2);
        for (int n = 0; n < 100_000; n++) {
            byte[] w = randomWord(rnd);
            long mask = SwarScan.nonAscii(SwarScan.word(w, 0));
            for (int k = 0; k < 8; k++) {
                int at = k;
                assertTrue(flagged(mask, k) == (w[k] < 0), () -> "byte " + at + " of " + hex(w));
            }
        }
    }

    @Test
    void firstExactMasksFindTheFirstStopByte() {
        Random rnd = new Random(3);
        for (int n = 0; n < 300_000; n++) {
            byte[] w = randomWord(rnd);
            long word = SwarScan.word(w, 0);
            assertFirst(SwarScan.quoteOrBackslash(word), w, b -> b == '"' || b == '\\');
            assertFirst(SwarScan.jsonStringStop(word), w, b -> b == '"' || b == '\\' || (b >= 0 && b < 0x20) || b < 0);
        }
    }

    @Test
    void wordsAreLittleEndianSoTheFirstFlagIsTheLowestArrayIndex() {
        byte[] b = "abcdefgh\"ijk".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(SwarScan.word(b, 0) & 0xff).isEqualTo('a');
        assertThat(SwarScan.firstFlagged(SwarScan.quoteOrBackslash(SwarScan.word(b, 4)))).isEqualTo(4); // b[8] = '"'
        assertThat(SwarScan.quoteOrBackslash(SwarScan.word(b, 0))).isZero();
    }

    @Test
    void indexOfAndSkipAsciiAgreeWithAByteLoopAtEveryOffsetAndLength() {
        Random rnd = new Random(4);
        int checked = 0;
        for (int n = 0; n < 2_000; n++) {
            byte[] b = new byte[rnd.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                // mostly ASCII letters, so that hits are sparse and land in both the word loop and the tail
                b[k] = rnd.nextInt(8) == 0 ? INTERESTING[rnd.nextInt(INTERESTING.length)] : (byte) ('a' + rnd.nextInt(26));
            }
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    // plain comparisons in the loop (hundreds of thousands of cases); the first difference is reported
                    if (SwarScan.indexOf(b, from, to, (byte) '\n') != naiveIndexOf(b, from, to, (byte) '\n')
                            || SwarScan.indexOf(b, from, to, (byte) 0xc3) != naiveIndexOf(b, from, to, (byte) 0xc3)
                            || SwarScan.skipAscii(b, from, to) != naiveSkipAscii(b, from, to)) {
                        assertThat(SwarScan.indexOf(b, from, to, (byte) '\n')).as("indexOf '\\n' in [%d, %d) of %s", from, to, hex(b))
                                .isEqualTo(naiveIndexOf(b, from, to, (byte) '\n'));
                        assertThat(SwarScan.indexOf(b, from, to, (byte) 0xc3)).as("indexOf c3 in [%d, %d) of %s", from, to, hex(b))
                                .isEqualTo(naiveIndexOf(b, from, to, (byte) 0xc3));
                        assertThat(SwarScan.skipAscii(b, from, to)).as("skipAscii [%d, %d) of %s", from, to, hex(b))
                                .isEqualTo(naiveSkipAscii(b, from, to));
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100_000);
    }

    private static void assertFirst(long mask, byte[] w, java.util.function.IntPredicate stop) {
        int expected = -1;
        for (int k = 0; k < 8 && expected < 0; k++) {
            if (stop.test(w[k])) {
                expected = k;
            }
        }
        int first = expected;
        assertTrue(expected < 0 ? mask == 0 : SwarScan.firstFlagged(mask) == expected,
                () -> "first stop byte of " + hex(w) + " should be " + first + ", mask " + Long.toHexString(mask));
    }

    private static byte[] randomWord(Random rnd) {
        byte[] w = new byte[8];
        for (int k = 0; k < 8; k++) {
            w[k] = rnd.nextBoolean() ? INTERESTING[rnd.nextInt(INTERESTING.length)] : (byte) rnd.nextInt(256);
        }
        return w;
    }

    private static boolean flagged(long mask, int k) {
        return (mask >>> (8 * k) & 0xff) == 0x80;
    }

    private static int naiveIndexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int naiveSkipAscii(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] >= 0) {
            i++;
        }
        return i;
    }

    private static String hex(byte[] w) {
        StringBuilder s = new StringBuilder();
        for (byte x : w) {
            s.append(String.format("%02x ", x));
        }
        return s.toString().trim();
    }
}
