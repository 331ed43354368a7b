package io.ghactivity.producer;

import io.ghactivity.contracts.DlqReason;

/** What {@link LineChunker} hands from the reader thread to the sender thread. */
sealed interface ReadItem permits ReadItem.Lines, ReadItem.Oversized, ReadItem.Damaged {

    /**
     * A run of complete lines in one buffer, {@code buf[0, end)}: line {@code i} is {@code buf[starts()[i], ends()[i])},
     * without its terminator; blank lines are dropped. The reader thread only finds the '\n' positions (8 bytes at a
     * time) to keep numbering; the split into lines runs lazily on whichever thread first asks (the validator).
     * {@code lastUnterminated}: the last line had no '\n' (end of file).
     */
    final class Lines implements ReadItem {
        private final byte[] buf;
        private final int end;
        private final long firstLineNumber;
        private final boolean unterminated;
        private final int[] newlines;
        private int[] starts;
        private int[] ends;
        private long[] lineNumbers;
        private int count = -1;
        private boolean lastUnterminated;

        /** @param newlines the positions of every '\n' in {@code buf[0, end)}, ascending */
        Lines(byte[] buf, int end, long firstLineNumber, boolean unterminated, int[] newlines) {
            this.buf = buf;
            this.end = end;
            this.firstLineNumber = firstLineNumber;
            this.unterminated = unterminated;
            this.newlines = newlines;
        }

        public byte[] buf() {
            return buf;
        }

        public int count() {
            split();
            return count;
        }

        public int[] starts() {
            split();
            return starts;
        }

        public int[] ends() {
            split();
            return ends;
        }

        public long[] lineNumbers() {
            split();
            return lineNumbers;
        }

        public boolean lastUnterminated() {
            split();
            return lastUnterminated;
        }

        private void split() {
            if (count >= 0) {
                return;
            }
            int cap = 64;
            int[] s = new int[cap];
            int[] e = new int[cap];
            long[] numbers = new long[cap];
            int n = 0;
            long line = firstLineNumber;
            int start = 0;
            for (int k = 0; start < end; k++) {
                int lineEnd = k < newlines.length ? newlines[k] : end;
                int contentEnd = lineEnd > start && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                if (contentEnd > start && !LineChunker.isBlank(buf, start, contentEnd)) {
                    if (n == cap) {
                        cap *= 2;
                        s = java.util.Arrays.copyOf(s, cap);
                        e = java.util.Arrays.copyOf(e, cap);
                        numbers = java.util.Arrays.copyOf(numbers, cap);
                    }
                    s[n] = start;
                    e[n] = contentEnd;
                    numbers[n] = line;
                    n++;
                }
                line++;
                start = lineEnd + 1;
            }
            starts = s;
            ends = e;
            lineNumbers = numbers;
            lastUnterminated = unterminated && n > 0 && e[n - 1] >= end - 1;
            count = n;
        }
    }

    /** A line longer than the limit: its first {@code head.length} bytes, and its full length. */
    record Oversized(byte[] head, long length, long lineNumber) implements ReadItem {
    }

    /** The compressed stream broke: the decompressed bytes after the last complete line, and why. */
    record Damaged(DlqReason reason, byte[] tail, String detail, long lineNumber) implements ReadItem {
    }
}
