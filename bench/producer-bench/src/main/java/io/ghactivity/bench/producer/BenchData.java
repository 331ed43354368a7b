package io.ghactivity.bench.producer;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.producer.source.SyntheticSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * The benchmark's input, generated once and kept: synthetic hours (seed 1) as GH Archive {@code .json.gz} files, and
 * ProducerPerformance's payload file (every k-th line of those hours, so the tool sends the same kind of lines).
 */
record BenchData(Path dir, GhArchiveHour to, long events, long jsonBytes, Path payloadFile, double payloadMeanBytes) {
    private static final String DONE = "complete.txt";

    static BenchData prepare(Path dir, GhArchiveHour from, int hours, double scale, int payloadLines, PrintStream err) throws IOException {
        GhArchiveHour to = from;
        for (int i = 1; i < hours; i++) {
            to = to.next();
        }
        Path done = dir.resolve(DONE);
        Path payload = dir.resolve("payloads.txt");
        if (!Files.exists(done)) {
            Files.createDirectories(dir);
            SyntheticSource source = new SyntheticSource(1, scale);
            long totalEvents = 0;
            for (GhArchiveHour h = from; h.compareTo(to) <= 0; h = h.next()) {
                totalEvents += source.model().hourTotal(h);
            }
            long every = Math.max(1, totalEvents / payloadLines);
            long events = 0;
            long bytes = 0;
            long payloadBytes = 0;
            long payloadCount = 0;
            try (OutputStream pay = new BufferedOutputStream(Files.newOutputStream(payload), 1 << 16)) {
                for (GhArchiveHour h = from; h.compareTo(to) <= 0; h = h.next()) {
                    err.printf("bench: generating %s (%,d events)...%n", h.fileName(), source.model().hourTotal(h));
                    try (InputStream in = source.stream(h);
                         OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve(h.fileName())), 1 << 16)) {
                        LineCopy copy = new LineCopy(gz, pay, every, events);
                        in.transferTo(copy);
                        events = copy.lines();
                        bytes += copy.bytes();
                        payloadBytes += copy.payloadBytes();
                        payloadCount += copy.payloadLines();
                    }
                }
            }
            Files.writeString(done, events + " " + bytes + " " + (double) payloadBytes / payloadCount + "\n", StandardCharsets.UTF_8);
        }
        String[] f = Files.readString(done, StandardCharsets.UTF_8).trim().split(" ");
        return new BenchData(dir, to, Long.parseLong(f[0]), Long.parseLong(f[1]), payload, Double.parseDouble(f[2]));
    }

    /** Passes the hour's bytes to the gzip file and copies every k-th line to the payload file. */
    private static final class LineCopy extends OutputStream {
        private final OutputStream gz;
        private final OutputStream payload;
        private final long every;
        private long lines;
        private long bytes;
        private long payloadBytes;
        private long payloadLines;
        private boolean copying;

        LineCopy(OutputStream gz, OutputStream payload, long every, long linesSoFar) {
            this.gz = gz;
            this.payload = payload;
            this.every = every;
            this.lines = linesSoFar;
            this.copying = linesSoFar % every == 0;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            gz.write(b, off, len);
            bytes += len;
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    if (copying) {
                        payload.write(b, start, i + 1 - start);
                        payloadBytes += i + 1 - start;
                        payloadLines++;
                    }
                    lines++;
                    copying = lines % every == 0;
                    start = i + 1;
                }
            }
            if (copying && start < off + len) {
                payload.write(b, start, off + len - start);
                payloadBytes += off + len - start;
            }
        }

        long lines() {
            return lines;
        }

        long bytes() {
            return bytes;
        }

        long payloadBytes() {
            return payloadBytes;
        }

        long payloadLines() {
            return payloadLines;
        }
    }
}
