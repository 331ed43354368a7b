package io.ghactivity.producer;

import io.ghactivity.contracts.DlqReason;
import io.ghactivity.contracts.SwarScan;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Splits a (possibly gzip) hour file into chunks of complete lines, without a String or an array per line: each chunk
 * is one buffer plus line boundaries. Handles the archive's damage: a line longer than the limit becomes
 * {@link ReadItem.Oversized}, and a corrupt or truncated gzip stream yields every complete line before the damage, then
 * one {@link ReadItem.Damaged} with the partial tail. Lines end with '\n' ('\r\n' accepted); blank lines are skipped
 * but still counted in line numbers (1-based).
 */
final class LineChunker {
    /** Below G1's humongous-object threshold for a 512 MB heap (1 MB regions), so chunks are cheap young objects. */
    static final int DEFAULT_CHUNK = 448 * 1024;

    private final InputStream raw;
    private final boolean gzip;
    private final int chunkSize;
    private final int maxLine;
    private InputStream in;
    private GzipMembers members;
    private byte[] buf;
    private int filled;
    private boolean eof;
    private ReadItem.Damaged pendingDamage;
    private boolean done;
    private long nextLine = 1;
    private long bytesRead;

    LineChunker(InputStream raw, boolean gzip, int chunkSize, int maxLine) {
        this.raw = raw;
        this.gzip = gzip;
        this.chunkSize = chunkSize;
        this.maxLine = maxLine;
        this.buf = new byte[chunkSize];
    }

    /** Decompressed bytes read so far (terminators and blank lines included). */
    long bytesRead() {
        return bytesRead;
    }

    /** The next item, or null at the end of the file. */
    ReadItem next() throws IOException {
        while (!done) {
            fill();
            int lastNl = lastNewline();
            if (lastNl >= 0) {
                return cut(lastNl + 1, false);
            }
            GzipMembers.Junk junk = members == null ? null : members.pollJunk();
            if (junk != null) { // after the lines before it, before the lines after it: nothing after junk is dropped
                return new ReadItem.Damaged(DlqReason.GZIP_JUNK, junk.head(), junk.length() + " bytes that are not gzip at"
                        + " byte " + junk.offset() + " of the compressed file, after line " + (nextLine - 1) + "; skipped,"
                        + " decoding went on at the next gzip member (value = the first " + junk.head().length + " bytes)",
                        nextLine);
            }
            if (filled == buf.length) { // a line longer than the buffer
                if (buf.length <= maxLine) {
                    buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLine + 1L));
                    continue;
                }
                return oversized();
            }
            // end of input (clean or damaged): what is left is an unterminated last line
            if (filled > 0 && pendingDamage == null) {
                return cut(filled, true);
            }
            done = true;
            if (pendingDamage != null) {
                ReadItem.Damaged d = pendingDamage;
                ReadItem.Damaged withTail = new ReadItem.Damaged(d.reason(), Arrays.copyOf(buf, filled), d.detail(), nextLine);
                filled = 0;
                return withTail;
            }
        }
        return null;
    }

    /** Reads until the buffer is full or the input ends; a gzip failure ends the input and is remembered. */
    private void fill() throws IOException {
        // Junk between gzip members stops filling until the lines before it are handed on and it is reported.
        while (!eof && filled < buf.length && (members == null || !members.hasJunk())) {
            try {
                if (in == null) {
                    members = gzip ? new GzipMembers(raw, maxLine) : null;
                    in = gzip ? members : raw;
                }
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                    bytesRead += n;
                }
            } catch (EOFException e) {
                eof = true;
                pendingDamage = new ReadItem.Damaged(DlqReason.TRUNCATED_GZIP, null, "gzip stream ends early: " + e.getMessage(), 0);
            } catch (ZipException e) {
                eof = true;
                pendingDamage = new ReadItem.Damaged(DlqReason.CORRUPT_GZIP, null, "gzip stream is damaged: " + e.getMessage(), 0);
            }
        }
    }

    private int lastNewline() {
        for (int i = filled - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Hands buf[0, end) over as a chunk of lines and moves the remainder into a fresh buffer. */
    private ReadItem cut(int end, boolean unterminated) {
        byte[] chunk = buf;
        int remainder = filled - end;
        buf = new byte[Math.max(chunkSize, remainder + 1)];
        System.arraycopy(chunk, end, buf, 0, remainder);
        filled = remainder;
        int[] newlines = newlines(chunk, end);
        ReadItem.Lines lines = new ReadItem.Lines(chunk, end, nextLine, unterminated, newlines);
        nextLine += unterminated ? newlines.length + 1 : newlines.length; // one line per '\n', plus the file's unterminated tail
        return lines;
    }

    /**
     * Positions of the '\n' bytes in buf[0, end), found eight bytes at a time. The reader has to find them anyway to
     * number the lines; handing them on spares the validator a second search through the same bytes.
     */
    private static int[] newlines(byte[] chunk, int end) {
        int[] at = new int[Math.max(16, end >>> 11)]; // room for lines of 2 KB on average; 2022 events average 4.5 KB
        int n = 0;
        int i = 0;
        for (; i + SwarScan.WORD <= end; i += SwarScan.WORD) {
            for (long mask = SwarScan.eachEqual(SwarScan.word(chunk, i), (byte) '\n'); mask != 0; mask &= mask - 1) {
                at = withRoom(at, n);
                at[n++] = i + SwarScan.firstFlagged(mask);
            }
        }
        for (; i < end; i++) {
            if (chunk[i] == '\n') {
                at = withRoom(at, n);
                at[n++] = i;
            }
        }
        return Arrays.copyOf(at, n);
    }

    /** {@code at}, or a copy twice as long when its {@code n} slots are all used. */
    private static int[] withRoom(int[] at, int n) {
        return n < at.length ? at : Arrays.copyOf(at, n * 2);
    }

    /** Index of the first '\n' in b[from, to), or -1; eight bytes at a time (lines average ~4.5 KB). */
    static int indexOf(byte[] b, int from, int to) {
        return SwarScan.indexOf(b, from, to, (byte) '\n');
    }

    static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Keeps the first {@code maxLine} bytes, skips the rest of the line, and continues after it. */
    private ReadItem oversized() throws IOException {
        byte[] head = Arrays.copyOf(buf, maxLine);
        long length = filled;
        long lineNumber = nextLine++;
        while (true) {
            filled = 0;
            fill();
            int nl = indexOf(buf, 0, filled);
            if (nl >= 0) {
                length += nl;
                int remainder = filled - nl - 1;
                System.arraycopy(buf, nl + 1, buf, 0, remainder);
                filled = remainder;
                return new ReadItem.Oversized(head, length, lineNumber);
            }
            length += filled;
            if (filled < buf.length) { // input ended inside the oversized line
                filled = 0;
                return new ReadItem.Oversized(head, length, lineNumber);
            }
        }
    }
}
