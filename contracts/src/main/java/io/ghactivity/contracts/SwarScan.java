package io.ghactivity.contracts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte search eight bytes at a time (SWAR: SIMD within a register), the one home of the bit tricks the hot byte loops
 * share: the producer's newline search, {@link Utf8}'s ASCII skip, {@link FastEventScan}'s and the stream's JSON string
 * skips. Why: event lines are ≈ 4.5 KB, mostly plain ASCII inside strings, so the loops that look for the next special
 * byte dominate; one 8-byte load and a few ALU operations per word runs several times faster than a byte loop.
 *
 * <p>A word is read little-endian, so byte {@code i} of the array is the lowest byte of the word, and the first
 * flagged byte is the lowest flag ({@link #firstFlagged}). A mask has 0x80 in each flagged byte and 0 elsewhere.
 * Masks are either <b>exact</b> (every flag is right) or <b>first-exact</b>: the subtraction trick lets a borrow flag
 * a byte above a real hit, so only the lowest flag may be trusted — cheaper, and all a "find the next" loop needs.
 * An OR of first-exact masks is first-exact too (a wrong flag always sits above a right one of the same mask).
 */
public final class SwarScan {
    /** Bytes per word. */
    public static final int WORD = Long.BYTES;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long SPACES = 0x2020202020202020L;

    private SwarScan() {
    }

    /** The eight bytes {@code b[i .. i+7]} as one word, {@code b[i]} lowest; {@code i + 8 <= b.length}. */
    public static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Position (0–7) in its word of the first flagged byte of a non-zero mask. */
    public static int firstFlagged(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }

    /** Exact: 0x80 in each byte of {@code w} equal to {@code value} (no borrow can cross bytes), for finding them all. */
    public static long eachEqual(long w, byte value) {
        long x = w ^ (ONES * (value & 0xff)); // matching bytes become 0
        return ~(((x & LOWS) + LOWS) | x | LOWS);
    }

    /** Exact: 0x80 in each byte of {@code w} that is not ASCII (high bit set). */
    public static long nonAscii(long w) {
        return w & HIGHS;
    }

    /** First-exact: the bytes of {@code w} that are '"' or '\\' (where a JSON string body ends or escapes). */
    public static long quoteOrBackslash(long w) {
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        return ((q - ONES) & ~q | (s - ONES) & ~s) & HIGHS;
    }

    /**
     * First-exact: the bytes of {@code w} a strict JSON string skip must stop at — '"', '\\', a control character
     * (below 0x20) or a non-ASCII byte (UTF-8 to check).
     */
    public static long jsonStringStop(long w) {
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        long control = (w - SPACES) & ~w;
        return ((q - ONES) & ~q | (s - ONES) & ~s | control | w) & HIGHS;
    }

    /** Index of the first {@code value} in {@code b[from, to)}, or -1. */
    public static int indexOf(byte[] b, int from, int to, byte value) {
        int i = from;
        for (; i + WORD <= to; i += WORD) {
            long hits = eachEqual(word(b, i), value);
            if (hits != 0) {
                return i + firstFlagged(hits);
            }
        }
        for (; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first non-ASCII byte in {@code b[from, to)}, or {@code to} if there is none. */
    public static int skipAscii(byte[] b, int from, int to) {
        int i = from;
        for (; i + WORD <= to; i += WORD) {
            long high = nonAscii(word(b, i));
            if (high != 0) {
                return i + firstFlagged(high);
            }
        }
        while (i < to && b[i] >= 0) {
            i++;
        }
        return i;
    }
}
