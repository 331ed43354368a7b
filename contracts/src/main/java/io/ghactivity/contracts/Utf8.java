package io.ghactivity.contracts;

/** Strict UTF-8 well-formedness check over a byte range, with an 8-bytes-at-a-time ASCII fast path (most event JSON is ASCII). */
public final class Utf8 {

    private Utf8() {
    }

    public static boolean isValid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            i = SwarScan.skipAscii(b, i, end); // ASCII fast path: straight to the next byte with its high bit set
            if (i >= end) {
                return true;
            }
            i = sequenceEnd(b, i, end);
            if (i < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * For a non-ASCII lead byte at {@code i}: the index after its well-formed multi-byte sequence, or -1 if the
     * sequence is malformed or runs past {@code end}.
     */
    static int sequenceEnd(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n = sequenceLength(c);
        if (n == 0 || i + n > end) {
            return -1;
        }
        if (!validSecondByte(c, b[i + 1] & 0xff)) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) {
                return -1;
            }
        }
        return i + n;
    }

    private static int sequenceLength(int lead) {
        if (lead >= 0xc2 && lead <= 0xdf) {
            return 2;
        }
        if (lead >= 0xe0 && lead <= 0xef) {
            return 3;
        }
        if (lead >= 0xf0 && lead <= 0xf4) {
            return 4;
        }
        return 0; // continuation byte, overlong 2-byte lead (c0, c1) or beyond U+10FFFF
    }

    /** The second byte's range depends on the lead: rules out overlong forms, surrogates and code points > U+10FFFF. */
    private static boolean validSecondByte(int lead, int c1) {
        return switch (lead) {
            case 0xe0 -> c1 >= 0xa0 && c1 <= 0xbf;
            case 0xed -> c1 >= 0x80 && c1 <= 0x9f;
            case 0xf0 -> c1 >= 0x90 && c1 <= 0xbf;
            case 0xf4 -> c1 >= 0x80 && c1 <= 0x8f;
            default -> (c1 & 0xc0) == 0x80;
        };
    }
}
