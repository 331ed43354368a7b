package io.ghactivity.bench.producer;

import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.Utf8;
import io.ghactivity.contracts.Verdict;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.producer.gunzip.HourInflater;
import io.ghactivity.producer.gunzip.Libdeflate;
import io.ghactivity.producer.source.HourInput;
import io.ghactivity.producer.source.SyntheticSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity bench-validator}: single-thread MB/s of each per-byte step of the replay on one hour held in
 * memory: gunzip, the UTF-8 check, the Jackson validation alone, and {@link EventValidator#validate} (fast scan with
 * the Jackson fallback). Shows where the producer's CPU goes without a broker in the picture.
 */
@Command(name = "gh-activity bench-validator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures gunzip, UTF-8 check and event validation speed (MB/s of JSON, one thread) on one hour in memory.")
public final class ValidatorBenchmark implements Callable<Integer> {
    @Option(names = "--file", description = "A GH Archive hour file (.json or .json.gz) to measure on, instead of a synthetic hour.")
    Path file;

    @Option(names = "--hour", defaultValue = "2022-06-14T12", description = "Synthetic hour to generate (default: ${DEFAULT-VALUE}).")
    GhArchiveHour hour;

    @Option(names = "--scale", defaultValue = "0.1", description = "Synthetic scale (default: ${DEFAULT-VALUE}, ≈ 60 MB of JSON).")
    double scale;

    @Option(names = "--rounds", defaultValue = "7", description = "Timed rounds per step after two warm-up rounds; the median is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    /** Every step's result lands here, so the JIT cannot drop the work as unused. */
    private long blackhole;

    public static void main(String[] args) {
        System.exit(Cli.execute(new ValidatorBenchmark(), args));
    }

    @Override
    public Integer call() throws IOException {
        byte[] json = file != null ? readHour(file) : synthetic();
        byte[] gz = gzip(json);
        int[] bounds = lineBounds(json);
        int lines = bounds.length / 2;
        System.err.printf(Locale.ROOT, "bench-validator: %,d lines, %.1f MB of JSON (%.0f bytes/line), %.1f MB gzip; %d rounds per step%n",
                lines, json.length / 1e6, (double) json.length / lines, gz.length / 1e6, rounds);
        EventValidator validator = new EventValidator();
        long valid = count(json, bounds, (b, o, n) -> validator.validate(b, o, n).isValid());
        if (valid != count(json, bounds, (b, o, n) -> validator.validateWithJackson(b, o, n).isValid())) {
            throw new IllegalStateException("the fast and the Jackson validation disagree on this input");
        }
        System.out.printf("%-34s %10s %12s%n", "step (one thread)", "MB/s", "events/s");
        report("gunzip (java.util.zip, 64 KB buffer)", json.length, lines, () -> gunzipBytes(gz));
        Optional<Libdeflate> lib = Libdeflate.load();
        if (lib.isPresent()) {
            Path file = Files.createTempFile("bench-validator", ".json.gz");
            try (HourInflater inflater = new HourInflater(lib.get())) {
                Files.write(file, gz);
                report("gunzip (libdeflate, whole file)", json.length, lines, () -> libdeflateBytes(inflater, file));
            } finally {
                Files.delete(file);
            }
        } else {
            System.out.println("gunzip (libdeflate): not measured, " + Libdeflate.unavailableReason().orElse(""));
        }
        report("UTF-8 check (Utf8.isValid)", json.length, lines, () -> count(json, bounds, Utf8::isValid));
        report("validate: Jackson only", json.length, lines,
                () -> count(json, bounds, (b, o, n) -> validator.validateWithJackson(b, o, n).isValid()));
        report("validate: fast scan + fallback", json.length, lines,
                () -> count(json, bounds, (b, o, n) -> validator.validate(b, o, n).isValid()));
        System.out.printf(Locale.ROOT, "valid lines: %,d of %,d (checksum %d)%n", valid, lines, blackhole);
        return 0;
    }

    private interface LineTest {
        boolean test(byte[] b, int off, int len);
    }

    private static long count(byte[] json, int[] bounds, LineTest test) {
        long n = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            n += test.test(json, bounds[i], bounds[i + 1] - bounds[i]) ? 1 : 0;
        }
        return n;
    }

    private interface Step {
        long run() throws IOException;
    }

    private void report(String name, long bytes, long lines, Step step) throws IOException {
        double[] seconds = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            long t0 = System.nanoTime();
            blackhole += step.run();
            if (r >= 0) {
                seconds[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(seconds);
        double median = seconds[rounds / 2];
        System.out.printf(Locale.ROOT, "%-34s %10.0f %12.0f%n", name, bytes / median / 1e6, lines / median);
    }

    private byte[] synthetic() throws IOException {
        System.err.printf("bench-validator: generating %s at scale %s...%n", hour, scale);
        try (InputStream in = new SyntheticSource(1, scale).stream(hour)) {
            return in.readAllBytes();
        }
    }

    private static byte[] readHour(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 5);
        try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(json);
        }
        return out.toByteArray();
    }

    private static long gunzipBytes(byte[] gz) throws IOException {
        byte[] buf = new byte[448 * 1024];
        long total = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                total += n;
            }
        }
        return total;
    }

    /** Decodes the whole file and copies it out in the replay's 448 KB chunks, as the replay's reader does. */
    private static long libdeflateBytes(HourInflater inflater, Path file) throws IOException {
        byte[] buf = new byte[448 * 1024];
        long total = 0;
        try {
            HourInput decoded = inflater.decode(new HourInput(file.getFileName().toString(), Files.newInputStream(file), true, file));
            if (decoded.gzip()) {
                throw new IllegalStateException("libdeflate did not decode " + file);
            }
            try (InputStream in = decoded.in()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    total += n;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return total;
    }

    /** Start and end offsets of each non-empty line, without its '\n'. */
    private static int[] lineBounds(byte[] json) {
        int[] out = new int[1024];
        int n = 0;
        int start = 0;
        for (int i = 0; i <= json.length; i++) {
            if (i == json.length || json[i] == '\n') {
                if (i > start) {
                    if (n + 2 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = start;
                    out[n++] = i;
                }
                start = i + 1;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
