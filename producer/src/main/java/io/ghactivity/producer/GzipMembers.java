package io.ghactivity.producer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decodes a gzip file of one or more members (RFC 1952), like {@link java.util.zip.GZIPInputStream}, except for what
 * lies between or after members. {@code GZIPInputStream} ends the stream silently at the first bytes after a member
 * that are not a gzip header, so junk between two members dropped the whole rest of a file without a word. Here such
 * bytes are skipped up to the next gzip header (or the end), reported as {@link Junk} for the DLQ, and decoding goes
 * on. Damage keeps {@code GZIPInputStream}'s exceptions, which {@link LineChunker} maps to reasons: a file that does not
 * start as gzip, bad deflate data or a wrong CRC/length is a {@link ZipException} ({@code corrupt_gzip}); input that
 * ends inside a member is an {@link EOFException} ({@code truncated_gzip}).
 */
final class GzipMembers extends InputStream {
    /** Skipped non-gzip bytes: where they start in the compressed file, how many, and the first of them. */
    record Junk(long offset, long length, byte[] head) {
    }

    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int DEFLATE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream raw;
    private final int maxJunkHead;
    private final byte[] in = new byte[1 << 16];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final Queue<Junk> junk = new ArrayDeque<>();
    private int pos;
    private int lim;
    /** Compressed offset of {@code in[0]}. */
    private long base;
    private boolean inMember;
    private boolean ended;
    private int members;

    /** @param maxJunkHead how many bytes of a run of junk to keep for its DLQ record */
    GzipMembers(InputStream raw, int maxJunkHead) {
        this.raw = raw;
        this.maxJunkHead = maxJunkHead;
    }

    /** Junk found since the last call, oldest first; empty most of the time. */
    Junk pollJunk() {
        return junk.poll();
    }

    boolean hasJunk() {
        return !junk.isEmpty();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * Like {@link InputStream#read(byte[], int, int)}, but returns 0 right after skipping junk ({@link #hasJunk()}),
     * so that a reader can place the junk between the bytes before and after it.
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            if (!inMember && members > 0 && ensure(1) && !atHeader()) {
                skipJunk();
                return 0; // before any byte after the junk, so the reader can tell which line it came after
            }
            if (!inMember && !startMember()) {
                ended = true;
                break;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException(e.getMessage() == null ? "invalid deflate data" : e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                pos = lim - inflater.getRemaining();
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("deflate data asks for a preset dictionary");
            } else if (inflater.needsInput()) {
                pos = lim;
                if (!ensure(1)) {
                    throw new EOFException("Unexpected end of ZLIB input stream");
                }
                inflater.setInput(in, pos, lim - pos);
            }
        }
        return -1;
    }

    /** Reads the next member's header, skipping junk before it; false at the end of the file. */
    private boolean startMember() throws IOException {
        if (members == 0) {
            if (!ensure(1)) {
                throw new EOFException("empty file, not gzip");
            }
            if (!ensure(2) || (in[pos] & 0xff) != ID1 || (in[pos + 1] & 0xff) != ID2) {
                throw new ZipException("Not in GZIP format"); // the whole file is something else: no member to resume at
            }
        } else if (!ensure(1)) {
            return false;
        }
        readHeader();
        members++;
        inflater.reset();
        crc.reset();
        inMember = true;
        inflater.setInput(in, pos, lim - pos);
        return true;
    }

    private boolean atHeader() throws IOException {
        return ensure(3) && (in[pos] & 0xff) == ID1 && (in[pos + 1] & 0xff) == ID2 && in[pos + 2] == DEFLATE;
    }

    private void skipJunk() throws IOException {
        long start = base + pos;
        byte[] head = new byte[Math.min(maxJunkHead, 4096)];
        int kept = 0;
        long length = 0;
        while (ensure(1) && !atHeader()) {
            if (kept < maxJunkHead) {
                if (kept == head.length) {
                    head = Arrays.copyOf(head, (int) Math.min((long) head.length * 2, maxJunkHead));
                }
                head[kept++] = in[pos];
            }
            pos++;
            length++;
        }
        junk.add(new Junk(start, length, Arrays.copyOf(head, kept)));
    }

    private void readHeader() throws IOException {
        readByte(); // ID1, ID2 and CM were checked (or are checked next, for the first member)
        readByte();
        if (readByte() != DEFLATE) {
            throw new ZipException("Unsupported compression method");
        }
        int flags = readByte();
        for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
            readByte();
        }
        if ((flags & FEXTRA) != 0) {
            int extra = readByte() | (readByte() << 8);
            for (int i = 0; i < extra; i++) {
                readByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (readByte() != 0) {
                // file name, zero-terminated
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (readByte() != 0) {
                // comment, zero-terminated
            }
        }
        if ((flags & FHCRC) != 0) {
            readByte();
            readByte();
        }
    }

    private void endMember() throws IOException {
        long storedCrc = readInt();
        long storedSize = readInt();
        if (storedCrc != crc.getValue() || storedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new ZipException("Corrupt GZIP trailer");
        }
        inMember = false;
    }

    private long readInt() throws IOException {
        return readByte() | (readByte() << 8) | (readByte() << 16) | ((long) readByte() << 24);
    }

    private int readByte() throws IOException {
        if (!ensure(1)) {
            throw new EOFException("Unexpected end of ZLIB input stream");
        }
        return in[pos++] & 0xff;
    }

    /** Makes at least {@code n} (at most a few) unread bytes available in {@code in[pos, lim)}; false at the end. */
    private boolean ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        System.arraycopy(in, pos, in, 0, lim - pos);
        base += pos;
        lim -= pos;
        pos = 0;
        while (lim < n) {
            int r = raw.read(in, lim, in.length - lim);
            if (r < 0) {
                return false;
            }
            lim += r;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        raw.close();
    }
}
