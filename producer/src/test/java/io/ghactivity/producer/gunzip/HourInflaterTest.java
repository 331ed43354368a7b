package io.ghactivity.producer.gunzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ghactivity.producer.source.HourInput;
import io.ghactivity.testsupport.ProjectPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libdeflate against java.util.zip on the same files: real GH Archive samples decode to the same bytes, and every file
 * libdeflate cannot decode whole comes back untouched for the streaming path. Runs on Java 17 and 22+ (the Javas with
 * a usable foreign-function API); there libdeflate must be installed ({@code scripts/ensure-test-deps.sh} does it).
 */
class HourInflaterTest {
    @TempDir
    Path dir;
    private HourInflater inflater;

    @BeforeEach
    void setUp() {
        assumeTrue(Libdeflate.supportedJava(), "libdeflate is reached through the foreign-function API of Java 17 or 22+");
        Libdeflate lib = Libdeflate.load().orElseThrow(() -> new AssertionError(
                "libdeflate unavailable: " + Libdeflate.unavailableReason().orElse("?") + " (run scripts/ensure-test-deps.sh)"));
        inflater = new HourInflater(lib);
    }

    @AfterEach
    void tearDown() {
        if (inflater != null) {
            inflater.close();
        }
    }

    @Test
    void realGhArchiveFilesDecodeToWhatJavaUtilZipReads() throws Exception {
        for (Path sample : new Path[] {
                ProjectPaths.realSamples().resolve("honeypotio-githubarchive/2015-01-01-12.json.gz"),
                ProjectPaths.realSamples().resolve("quickwit/gharchive-bulk.json.gz")}) {
            byte[] expected = javaGunzip(Files.readAllBytes(sample));
            HourInput decoded = inflater.decode(input(sample));
            assertThat(decoded.gzip()).as(sample + " decoded in memory").isFalse();
            assertThat(readAll(decoded)).as(sample.toString()).isEqualTo(expected);
        }
        assertThat(inflater.decodedHours()).isEqualTo(2);
        assertThat(inflater.streamedHours()).isZero();
    }

    @Test
    void buffersAreReusedForHoursOfDifferentSizes() throws Exception {
        for (int kb : new int[] {900, 100, 3000, 0}) {
            byte[] json = lines(kb * 1024, kb);
            HourInput decoded = inflater.decode(input(write("h" + kb + ".json.gz", gzip(json))));
            assertThat(decoded.gzip()).isFalse();
            assertThat(readAll(decoded)).isEqualTo(json);
        }
        assertThat(inflater.decodedHours()).isEqualTo(4);
    }

    @Test
    void damagedOrUnusualFilesComeBackUntouchedForTheStreamingPath() throws Exception {
        byte[] good = gzip(lines(200_000, 1));
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        byte[] corrupt = good.clone();
        corrupt[good.length / 2] ^= 0x55;
        byte[] twoMembers = concat(good, gzip(lines(1000, 2)));
        byte[] trailingGarbage = concat(good, "junk".getBytes(StandardCharsets.US_ASCII));
        byte[] wrongLength = good.clone();
        wrongLength[good.length - 1] ^= 0x01; // the trailer's length no longer matches
        byte[] notGzip = lines(5000, 3);
        for (byte[] bytes : new byte[][] {truncated, corrupt, twoMembers, trailingGarbage, wrongLength, notGzip, new byte[5]}) {
            HourInput original = input(write("damaged.json.gz", bytes));
            HourInput returned = inflater.decode(original);
            assertThat(returned).isSameAs(original);
            assertThat(readAll(returned)).as("the stream was not consumed").isEqualTo(bytes);
        }
        assertThat(inflater.streamedHours()).isEqualTo(7);
        assertThat(inflater.decodedHours()).isZero();
        // and the buffers are all free again: two good hours can be out at once
        HourInput a = inflater.decode(input(write("a.json.gz", good)));
        HourInput b = inflater.decode(input(write("b.json.gz", good)));
        assertThat(a.gzip() || b.gzip()).isFalse();
        a.in().close();
        b.in().close();
    }

    @Test
    void closeFreesTheNativeMemoryOnlyWhenNoDecodedHourIsStillBeingRead() throws Exception {
        Libdeflate lib = Libdeflate.load().orElseThrow();
        byte[] gz = gzip(lines(100_000, 5));
        try (HourInflater other = new HourInflater(lib)) {
            HourInput decoded = other.decode(input(write("x.json.gz", gz)));
            assertThat(other.nativeBytes()).isGreaterThanOrEqualTo(100_000 + gz.length);
            other.close();
            assertThat(other.nativeBytes()).as("a reader may still copy from it: kept").isPositive();
            assertThat(readAll(decoded)).hasSize(100_000);
        }
        HourInput decoded = inflater.decode(input(write("y.json.gz", gz)));
        decoded.in().close();
        inflater.close();
        assertThat(inflater.nativeBytes()).isZero();
    }

    @Test
    void inputWithoutALocalGzipFileIsNotTouched() throws Exception {
        HourInput generated = new HourInput("synthetic/x.json", InputStream.nullInputStream(), false);
        assertThat(inflater.decode(generated)).isSameAs(generated);
        HourInput streamed = new HourInput("x.json.gz", InputStream.nullInputStream(), true);
        assertThat(inflater.decode(streamed)).isSameAs(streamed);
    }

    @Test
    void aThirdHourWaitsUntilOneOfTheTwoDecodedHoursIsClosed() throws Exception {
        byte[] gz = gzip(lines(50_000, 4));
        HourInput first = inflater.decode(input(write("1.json.gz", gz)));
        HourInput second = inflater.decode(input(write("2.json.gz", gz)));
        CompletableFuture<HourInput> third = CompletableFuture.supplyAsync(() -> {
            try {
                return inflater.decode(input(write("3.json.gz", gz)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(third).as("both buffers are out").isNotDone();
        assertThat(readAll(first)).hasSize(50_000);
        first.in().close();
        assertThat(readAll(third.get(30, TimeUnit.SECONDS))).hasSize(50_000);
        second.in().close();
        third.get().in().close();
    }

    private HourInput input(Path file) throws IOException {
        return new HourInput(file.getFileName().toString(), Files.newInputStream(file), true, file);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] readAll(HourInput input) throws IOException {
        try (InputStream in = input.in()) {
            return in.readAllBytes();
        }
    }

    /** About {@code size} bytes of JSON lines, varied enough not to compress to nothing. */
    private static byte[] lines(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 100);
        while (sb.length() < size) {
            sb.append("{\"id\":\"").append(random.nextLong() & Long.MAX_VALUE).append("\",\"type\":\"PushEvent\",\"n\":")
                    .append(random.nextInt(1_000_000)).append("}\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] javaGunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
