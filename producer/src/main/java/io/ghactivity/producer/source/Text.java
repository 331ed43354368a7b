package io.ghactivity.producer.source;

/**
 * Deterministic filler prose for generated bodies, titles and commit messages: real words, so compression ratios look
 * like real event JSON rather than like random bytes.
 */
final class Text {
    private static final String[] WORDS = ("the a to of and in for is on this that with fix add update remove use when "
            + "from test build error issue pull request merge branch commit release version support docs readme config "
            + "should not be it can we now api client server data file line function method class type value null "
            + "check return bump dependency from to in dir update feature bug crash performance improve refactor "
            + "cleanup typo change default option handle case missing empty list map key name path url user repo "
            + "workflow action ci job step run install package module import export string number index review "
            + "comment thanks please could you see also related closes fixes ref approve lgtm looks good me").split(" ");
    private static final byte[][] BYTES = new byte[WORDS.length][];

    static {
        for (int i = 0; i < WORDS.length; i++) {
            BYTES[i] = WORDS[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /** Writes about {@code length} bytes of words into {@code buf} at {@code at}; returns the new end. */
    int write(byte[] buf, int at, long seed, int length) {
        long x = seed | 1;
        int end = at + length;
        boolean firstWord = true;
        while (at < end) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            byte[] w = BYTES[(int) ((x >>> 33) % BYTES.length)];
            if (at + w.length + 1 > end + 8) {
                break;
            }
            if (!firstWord) {
                if ((x & 0x3f) == 0) { // now and then a new paragraph, escaped as in real JSON
                    buf[at++] = '\\';
                    buf[at++] = 'n';
                } else {
                    buf[at++] = ' ';
                }
            }
            System.arraycopy(w, 0, buf, at, w.length);
            at += w.length;
            firstWord = false;
        }
        return at;
    }
}
