package io.ghactivity.producer.gunzip;

import io.ghactivity.producer.source.HourInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decodes a whole gzip hour file with libdeflate into one of two reusable off-heap buffers, so the replay can decode
 * the next hour while the current one is read (see {@code HourOpener}). libdeflate only decodes whole members into
 * memory sized in advance: a file qualifies when it is one gzip member whose trailer length fits the buffer limit.
 * Anything else — a damaged or truncated file, several members, trailing bytes, an hour over {@link #MAX_DECODED} —
 * is handed back untouched and goes through {@code java.util.zip}, whose line-by-line handling of damage is the
 * project's contract. libdeflate checks each member's CRC-32 and length, so what it accepts is byte-for-byte what
 * {@code GZIPInputStream} would produce.
 *
 * <p>Memory: up to two decoded hours (June 2022: ≈ 0.6 GB each, at most ≈ 0.8 GB) plus one compressed file, outside
 * the Java heap, kept for reuse until {@link #close}.
 */
public final class HourInflater implements AutoCloseable {
    /** Larger hours take the streaming path; a Java buffer view is limited to 2 GB. */
    static final long MAX_DECODED = 1536L << 20;
    private static final long MAX_COMPRESSED = 1L << 30;
    private static final int GZIP_MIN_BYTES = 20; // header 10 + the smallest deflate block 2 + trailer 8; shorter is damaged
    private static final long GROWTH = 64L << 20;

    private final Libdeflate lib;
    private final NativeBuffer compressed;
    private final NativeBuffer sizes;
    private final List<NativeBuffer> decodedBuffers;
    private final BlockingQueue<NativeBuffer> idle = new ArrayBlockingQueue<>(2);
    private final AtomicLong decodedHours = new AtomicLong();
    private final AtomicLong streamedHours = new AtomicLong();
    private long decoder;
    private boolean closed;

    public HourInflater(Libdeflate lib) {
        this.lib = lib;
        this.compressed = new NativeBuffer(lib);
        this.sizes = new NativeBuffer(lib);
        this.decodedBuffers = List.of(new NativeBuffer(lib), new NativeBuffer(lib));
        idle.addAll(decodedBuffers);
    }

    /** Hours decoded by libdeflate so far. */
    public long decodedHours() {
        return decodedHours.get();
    }

    /** Gzip hours handed back to the streaming {@code java.util.zip} path so far. */
    public long streamedHours() {
        return streamedHours.get();
    }

    /** Native memory held now (decoded-hour buffers, the compressed file, scratch), for the run's summary. */
    public synchronized long nativeBytes() {
        return decodedBuffers.stream().mapToLong(b -> b.capacity).sum() + compressed.capacity + sizes.capacity;
    }

    /**
     * The hour decoded in memory (not gzip any more), or {@code input} untouched when libdeflate cannot decode it
     * completely. Blocks while both buffers hold hours not yet read to the end (closing the returned stream frees one).
     */
    public synchronized HourInput decode(HourInput input) throws IOException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("inflater closed");
        }
        if (!input.gzip() || input.file() == null) {
            return input;
        }
        NativeBuffer out = idle.take();
        boolean handedOver = false;
        try {
            long length = readCompressed(input.file());
            long expected = length < 0 ? -1 : trailerLength(length);
            if (expected < 0 || expected > MAX_DECODED) {
                streamedHours.incrementAndGet();
                return input;
            }
            out.ensure(Math.max(expected, 1));
            if (decoder == 0) {
                decoder = lib.newDecoder();
                sizes.ensure(16);
            }
            int result = lib.gunzip(decoder, compressed.address, length, out.address, expected, sizes.address);
            if (result != Libdeflate.SUCCESS || sizes.view.getLong(0) != length || sizes.view.getLong(8) != expected) {
                streamedHours.incrementAndGet();
                return input;
            }
            input.in().close();
            handedOver = true;
            decodedHours.incrementAndGet();
            return new HourInput(input.fileName(), new DecodedStream(out, (int) expected), false, null);
        } finally {
            if (!handedOver) {
                idle.add(out);
            }
        }
    }

    /** ISIZE, the last 4 bytes of a gzip member: the decoded length mod 2^32, little-endian. */
    private long trailerLength(long length) {
        long isize = 0;
        for (int i = 1; i <= 4; i++) {
            isize = (isize << 8) | (compressed.view.get((int) (length - i)) & 0xff);
        }
        return isize;
    }

    /** Reads the whole file into {@link #compressed}; -1 when it is too short or too long to qualify. */
    private long readCompressed(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            if (length < GZIP_MIN_BYTES || length > MAX_COMPRESSED) {
                return -1;
            }
            compressed.ensure(length);
            ByteBuffer target = compressed.view.duplicate().clear().limit((int) length);
            while (target.hasRemaining() && channel.read(target) >= 0) {
                // a file that shrinks while read leaves target short: caught below
            }
            return target.hasRemaining() ? -1 : length;
        }
    }

    /**
     * Frees the native memory, unless a decoded hour is still out (a reader that has not closed its stream): freeing
     * memory another thread may still copy from would crash the JVM, so it is left to the process exit instead.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (idle.size() < decodedBuffers.size()) {
            return;
        }
        decodedBuffers.forEach(NativeBuffer::free);
        compressed.free();
        sizes.free();
        if (decoder != 0) {
            lib.freeDecoder(decoder);
            decoder = 0;
        }
    }

    /** Grow-only malloc'ed memory with a ByteBuffer view over it. */
    private static final class NativeBuffer {
        private final Libdeflate lib;
        long address;
        long capacity;
        ByteBuffer view;

        NativeBuffer(Libdeflate lib) {
            this.lib = lib;
        }

        void ensure(long size) {
            if (size <= capacity) {
                return;
            }
            free();
            long grown = Math.min(Integer.MAX_VALUE, size < GROWTH ? size : (size + GROWTH - 1) / GROWTH * GROWTH);
            address = lib.allocate(grown);
            capacity = grown;
            view = lib.view(address, (int) grown);
        }

        void free() {
            if (address != 0) {
                lib.release(address);
                address = 0;
                capacity = 0;
                view = null;
            }
        }
    }

    /** Reads a decoded hour; closing it returns its buffer for the next hour. */
    private final class DecodedStream extends InputStream {
        private final NativeBuffer buffer;
        private final ByteBuffer view;
        private final int length;
        private int position;
        private boolean released;

        DecodedStream(NativeBuffer buffer, int length) {
            this.buffer = buffer;
            this.view = buffer.view.duplicate();
            this.length = length;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            checkOpen();
            if (position >= length) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, length - position);
            view.get(position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int read() {
            checkOpen();
            return position < length ? view.get(position++) & 0xff : -1;
        }

        @Override
        public int available() {
            return released ? 0 : length - position;
        }

        private void checkOpen() {
            if (released) {
                throw new IllegalStateException("decoded hour already closed");
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                idle.add(buffer);
            }
        }
    }
}
