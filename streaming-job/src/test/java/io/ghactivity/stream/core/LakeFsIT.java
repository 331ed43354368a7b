package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.stream.spark.SparkSessions;
import io.ghactivity.testsupport.LocalS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A lake state file replaced over and over while others read it (a lease renewed while rival starts read it): every
 * read returns one whole version that was written, and none fails — on a local disk and on S3 (s3proxy) through both of
 * s3a's input streams (hadoop-aws 3.5 has both; 3.4, on the Spark 4.0 build, only the classic one). Before
 * {@link LakeFs#readOrNull} read again, s3a reads failed here with S3's 412 (the object changed between the stream's
 * HEAD and its GET); a clean-clone CI run lost a lease race to it.
 */
class LakeFsIT {
    private static final int READERS = 3;
    private static final int READS_EACH = 60;
    /** Readers go on until the file was replaced this often (a local disk reads 60 times in a few milliseconds). */
    private static final int WRITES_AT_LEAST = 20;
    /**
     * Far more often than any lease is renewed (every second in LakeLeaseIT, 20 s on a real lake): a third or more of
     * the reads overlap a write, and without reading again the s3a cases fail within a few reads.
     */
    private static final long WRITE_EVERY_MILLIS = 50;
    private static Path dir;
    private static LocalS3 s3;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("lake-fs");
        // A bucket per input stream type: Hadoop caches one s3a client per bucket and JVM, made with the first options.
        s3 = LocalS3.start(dir.resolve("s3"), "classic", "analytics");
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @ParameterizedTest
    @Timeout(120)
    @ValueSource(strings = {"local", "s3a-classic", "s3a-analytics"})
    void readsOfAFileBeingReplacedReturnWholeVersionsAndNeverFail(String store) throws Exception {
        LakeFs fs = new LakeFs(conf(store));
        String path = (store.equals("local") ? dir.resolve("lake-" + UUID.randomUUID()).toString()
                : "s3a://" + store.substring("s3a-".length()) + "/lake-" + UUID.randomUUID()) + "/_stream/lease.json";
        Set<String> written = ConcurrentHashMap.newKeySet();
        written.add(version(0));
        fs.writeAtomically(path, version(0).getBytes(StandardCharsets.UTF_8));

        ExecutorService pool = Executors.newFixedThreadPool(1 + READERS); // one writer, as a lease has one holder
        AtomicInteger readersLeft = new AtomicInteger(READERS);
        AtomicInteger writes = new AtomicInteger();
        List<String> seen = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                while (readersLeft.get() > 0) { // replaced for as long as anyone reads
                    String v = version(writes.incrementAndGet());
                    written.add(v); // before the write: a reader may see it the instant it lands
                    fs.writeAtomically(path, v.getBytes(StandardCharsets.UTF_8));
                    Thread.sleep(WRITE_EVERY_MILLIS);
                }
                return null;
            }));
            for (int r = 0; r < READERS; r++) {
                work.add(pool.submit(() -> {
                    try {
                        for (int i = 0; i < READS_EACH || writes.get() < WRITES_AT_LEAST; i++) {
                            byte[] bytes = fs.readOrNull(path);
                            seen.add(bytes == null ? "<none>" : new String(bytes, StandardCharsets.UTF_8));
                        }
                    } finally {
                        readersLeft.decrementAndGet(); // a failed reader must not keep the writer going
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(); // a failed read fails the test here, with its cause
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(READERS * READS_EACH);
        assertThat(seen).allSatisfy(v -> assertThat(written).as("versions written").contains(v));
    }

    /** A version padded past one read buffer's worth of small reads, so a torn read could not pass for a whole one. */
    private static String version(int i) {
        return "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(2048) + "\"}";
    }

    private static Configuration conf(String store) {
        Configuration conf = new Configuration();
        if (store.startsWith("s3a")) {
            // The job's own options for an S3-compatible endpoint, as Hadoop keys.
            SparkSessions.s3aEndpoint(s3.endpoint(), LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)
                    .forEach((k, v) -> conf.set(k.substring("spark.hadoop.".length()), v));
            conf.set("fs.s3a.input.stream.type", store.substring("s3a-".length()));
        }
        return conf;
    }
}
