package io.ghactivity.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.testsupport.KafkaBrokerProcess;
import io.ghactivity.testsupport.LocalS3;
import io.ghactivity.testsupport.s3faults.FaultPlan;
import io.ghactivity.testsupport.s3faults.FaultyS3Proxy;
import io.ghactivity.testsupport.s3faults.S3Fault;
import io.ghactivity.testsupport.s3faults.S3Request;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The stream writing its lake to s3a through {@link FaultyS3Proxy}: 500s, 503 SlowDown, resets mid-response and slow
 * answers within the s3a retry budget leave the lake, its manifests and counts exact; a fault on the data files that
 * outlasts the budget fails the run without a manifest, and the rerun after it clears completes exactly; a failed
 * multipart part is retried by s3a and the object is complete. Each test uses its own bucket, so each gets its own
 * cached s3a FileSystem with the settings that test gives it.
 */
class S3FaultsIT {
    private static final GhArchiveHour HOUR = GhArchiveHour.parse("2022-06-07T13");
    @TempDir
    static Path dir;
    static KafkaBrokerProcess broker;
    static LocalS3 s3;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBrokerProcess.start(dir.resolve("broker"));
        s3 = LocalS3.start(dir.resolve("s3"), "faulty-lake", "outage-lake", "multipart-lake", "reset-lake");
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(300)
    void faultsWithinTheRetryBudgetLeaveLakeManifestAndCountsExact() throws Exception {
        FaultPlan plan = FaultPlan.seeded(1602, 0.05, S3Fault.values());
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ofMillis(100));
             TopicFixture topics = new TopicFixture(broker.bootstrap(), "s3faults", 2)) {
            useEndpoint(proxy, "faulty-lake", Map.of());
            List<String> lines = TestEvents.hourOfPushes(HOUR, 60_000, 120);
            topics.sendEvents(lines);
            topics.sendEvents(lines.subList(0, 7));
            topics.sendMarker(HOUR, lines.size());
            StreamJobIT.run(topics.config("s3a://faulty-lake/gh", TriggerSpec.AVAILABLE_NOW, "faults").withMaxOffsetsPerTrigger(60));
            System.out.println("S3FaultsIT stream within the budget: " + proxy.summary());
            for (S3Fault f : S3Fault.values()) {
                assertThat(proxy.injected(f)).as(f + " injected: " + proxy.summary()).isPositive();
            }
            HourManifest m = manifest("faulty-lake").orElseThrow();
            assertThat(listedObjects(m)).isEqualTo(dataObjects("faulty-lake"));
            assertExactIds(m, 60_000, 120);
        }
    }

    @Test
    @Timeout(300)
    void aFaultOutlastingTheBudgetWritesNoManifestAndTheRerunCompletesExactly() throws Exception {
        FaultPlan plan = FaultPlan.none().always(S3FaultsIT::dataFilePut, S3Fault.INTERNAL_ERROR_500);
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ZERO);
             TopicFixture topics = new TopicFixture(broker.bootstrap(), "s3outage", 2)) {
            // A small budget keeps the test short; the defaults (docs/streaming.md) give up after minutes, not seconds.
            useEndpoint(proxy, "outage-lake", Map.of("attempts.maximum", "2", "retry.limit", "1", "retry.interval", "50ms",
                    "retry.throttle.limit", "1", "retry.throttle.interval", "50ms"));
            List<String> lines = TestEvents.hourOfPushes(HOUR, 70_000, 80);
            topics.sendEvents(lines);
            topics.sendMarker(HOUR, lines.size());
            StreamConfig config = topics.config("s3a://outage-lake/gh", TriggerSpec.AVAILABLE_NOW, "outage");
            Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();
            assertThatThrownBy(() -> StreamJobIT.run(config)).satisfies(e -> {
                // what `gh-activity stream` prints after "the stream failed: "
                String sentence = S3Failure.describe(e, k -> hadoop.get("fs.s3a.bucket.outage-lake." + k, hadoop.get("fs.s3a." + k)))
                        .orElseThrow();
                System.out.println("S3FaultsIT stream beyond the budget: " + sentence);
                assertThat(sentence).startsWith("S3 at " + proxy.endpoint() + " failed beyond the s3a retry budget "
                        + "(fs.s3a.attempts.maximum=2, fs.s3a.retry.limit=1): ").contains("gh/events/dt=2022-06-07/hr=13/", "Status Code: 500")
                        .doesNotContain("\n", "\tat ");
            });
            assertThat(proxy.injected(S3Fault.INTERNAL_ERROR_500)).isPositive();
            assertThat(manifest("outage-lake")).as("no manifest for an hour whose files failed").isEmpty();

            plan.clearRules();
            StreamJobIT.run(config);
            HourManifest m = manifest("outage-lake").orElseThrow();
            assertThat(dataObjects("outage-lake")).containsAll(listedObjects(m)); // objects of the failed attempt may remain, unlisted
            assertExactIds(m, 70_000, 80);
        }
    }

    @Test
    @Timeout(120)
    void aFailedMultipartPartIsRetriedAndTheObjectIsComplete() throws Exception {
        FaultPlan plan = FaultPlan.none().once(S3Request::isUploadPart, S3Fault.INTERNAL_ERROR_500);
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ZERO)) {
            // The smallest part S3 allows, so a 12 MB file goes up in three parts (lake files of 64 MB+ do by default).
            Configuration conf = useEndpoint(proxy, "multipart-lake", Map.of("multipart.size", "5M", "multipart.threshold", "5M"));
            byte[] data = new byte[12 * 1024 * 1024];
            new Random(5).nextBytes(data);
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path("s3a://multipart-lake/big.bin");
            try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://multipart-lake/"), conf)) {
                try (OutputStream out = fs.create(path)) {
                    out.write(data);
                }
                assertThat(proxy.injected(S3Fault.INTERNAL_ERROR_500)).as(proxy.summary()).isEqualTo(1);
                try (var in = fs.open(path)) {
                    assertThat(in.readAllBytes()).isEqualTo(data);
                }
            }
        }
    }

    /**
     * Why {@code SparkSessions} picks s3a's classic input stream: the first two GETs of a Parquet file (its footer)
     * are cut off halfway by a reset, and the read still returns every row. With hadoop-aws 3.5's default stream
     * ({@code analytics}) the same single reset failed the read ("Could not read footer"), seen in a probe run.
     */
    @Test
    @Timeout(120)
    void aResetHalfwayThroughAParquetGetIsRetriedByTheSessionsInputStream() throws Exception {
        FaultPlan plan = FaultPlan.none();
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ZERO)) {
            useEndpoint(proxy, "reset-lake", Map.of());
            SparkSession spark = SparkTestSession.get();
            spark.range(0, 100_000).selectExpr("id", "sha2(cast(id AS STRING), 256) AS h").coalesce(1).write().parquet("s3a://reset-lake/t");
            plan.once(r -> r.isGetOf(".parquet"), S3Fault.RESET_MID_RESPONSE).once(r -> r.isGetOf(".parquet"), S3Fault.RESET_MID_RESPONSE);
            Row r = spark.read().parquet("s3a://reset-lake/t").selectExpr("count(*)", "count(DISTINCT h)").first();
            assertThat(proxy.injected(S3Fault.RESET_MID_RESPONSE)).isEqualTo(2);
            assertThat(r.getLong(0)).isEqualTo(100_000);
            assertThat(r.getLong(1)).isEqualTo(100_000);
        }
    }

    /** Points s3a at the proxy for {@code bucket} only, plus per-bucket settings ({@code fs.s3a.bucket.B.<key>}). */
    private static Configuration useEndpoint(FaultyS3Proxy proxy, String bucket, Map<String, String> perBucket) {
        Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();
        SparkSessions.s3aEndpoint(proxy.endpoint(), LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY).forEach((k, v) ->
                hadoop.set("fs.s3a.bucket." + bucket + "." + k.substring("spark.hadoop.fs.s3a.".length()), v));
        perBucket.forEach((k, v) -> hadoop.set("fs.s3a.bucket." + bucket + "." + k, v));
        return hadoop;
    }

    private static boolean dataFilePut(S3Request r) {
        return r.method().equals("PUT") && r.path().contains("/gh/events/dt=") && !r.path().contains("_spark_metadata");
    }

    private static java.util.Optional<HourManifest> manifest(String bucket) {
        String key = "gh/_manifests/events/dt=2022-06-07/hr=13.json";
        try (S3Client client = s3.client()) {
            if (client.listObjectsV2(r -> r.bucket(bucket).prefix(key)).keyCount() == 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(HourManifest.fromJson(client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(), key));
        }
    }

    private static Set<String> listedObjects(HourManifest m) {
        Set<String> keys = new HashSet<>();
        m.files().forEach(f -> keys.add(f.path().replaceFirst("^s3a://[^/]+/", "")));
        return keys;
    }

    private static Set<String> dataObjects(String bucket) {
        Set<String> keys = new HashSet<>();
        try (S3Client client = s3.client()) {
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("gh/events/dt=2022-06-07/hr=13/")).contents()) {
                keys.add(o.key());
            }
        }
        return keys;
    }

    /** The manifest's files hold exactly the ids produced, each once (read back through s3a, faults still on). */
    private static void assertExactIds(HourManifest m, long first, int n) {
        SparkSession spark = SparkTestSession.get();
        assertThat(m.rows()).isEqualTo(n);
        String[] files = m.files().stream().map(HourManifest.DataFile::path).toArray(String[]::new);
        List<Row> rows = spark.read().parquet(files).select("id").collectAsList();
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getLong(0)));
        assertThat(ids).hasSize(n);
        assertThat(new HashSet<>(ids)).isEqualTo(StreamJobIT.ids(first, n));
    }
}
