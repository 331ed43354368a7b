package io.ghactivity.stream.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark settings the lake contract depends on, set in one place for the job, its tests and the benchmark.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * @param master     {@code local[2]}, {@code local[*]}, or a cluster master (then most settings come from spark-submit)
     * @param extraConf  more settings ({@code --conf k=v}, s3a endpoint and credentials, …), applied last
     */
    public static SparkSession create(String master, Map<String, String> extraConf) {
        SparkSession.Builder b = SparkSession.builder().appName("gh-activity-stream").master(master)
                // dt/hr and every timestamp in UTC whatever the machine's zone (PLATFORM.md §3).
                .config("spark.sql.session.timeZone", "UTC")
                // The lake contract: zstd Parquet, TIMESTAMP_MICROS (INT96 is Spark's default and not portable).
                .config("spark.sql.parquet.compression.codec", "zstd")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.ui.enabled", "false")
                // Shuffles here are small (ids only); one partition per core avoids 200 tiny tasks per batch.
                .config("spark.sql.shuffle.partitions", Integer.toString(cores(master)))
                // A task writes its rows to one open file per hour instead of first sorting them by hour: a batch's
                // rows arrive in hour order per Kafka partition, so a task rarely has more than 2-3 hours open, and
                // sorting copied every 4.6 KB row once more. Past this many open files Spark sorts the rest.
                .config("spark.sql.maxConcurrentOutputFileWriters", "16")
                // Joins that must broadcast (the dedup anti-join) say so with a hint; never broadcast by guesswork.
                .config("spark.sql.autoBroadcastJoinThreshold", "-1")
                // s3a: enough pooled connections for parallel footer reads and uploads, still bounded.
                .config("spark.hadoop.fs.s3a.connection.maximum", "64")
                // s3a's classic input stream reopens the object after a connection reset mid-GET; hadoop-aws 3.5's
                // default (the analytics accelerator) failed the Parquet read instead (S3FaultsIT, docs/streaming.md).
                .config("spark.hadoop.fs.s3a.input.stream.type", "classic")
                // ...but only its plain reads retry: a vectored read (readVectored, which Parquet uses for column chunks
                // when enabled) failed the whole read of a committed file on one reset (S3FaultsIT, read-back of ids).
                .config("spark.hadoop.parquet.hadoop.vectored.io.enabled", "false")
                // The s3a retry budget, explicit (these are hadoop-aws 3.5 defaults; docs/streaming.md "S3 faults").
                .config("spark.hadoop.fs.s3a.attempts.maximum", "5")
                .config("spark.hadoop.fs.s3a.retry.limit", "7")
                .config("spark.hadoop.fs.s3a.retry.interval", "500ms")
                .config("spark.hadoop.fs.s3a.retry.throttle.limit", "20")
                .config("spark.hadoop.fs.s3a.retry.throttle.interval", "100ms")
                .config("spark.hadoop.fs.s3a.connection.establish.timeout", "30s")
                .config("spark.hadoop.fs.s3a.connection.timeout", "200s");
        if (master.startsWith("local")) {
            // The machine's hostname may resolve to a non-loopback address; the driver must bind where executors look.
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        extraConf.forEach(b::config);
        return b.getOrCreate();
    }

    /**
     * The master to run on: the one asked for; else the one spark-submit passed to this driver (it sets the system
     * property {@code spark.master} — on EMR Serverless, on a cluster), which a hard default would override and so run
     * the whole job inside the driver; else {@code local[*]}.
     */
    public static String master(String requested) {
        if (requested != null && !requested.isBlank()) {
            return requested;
        }
        String submitted = System.getProperty("spark.master");
        return submitted != null && !submitted.isBlank() ? submitted : "local[*]";
    }

    /** s3a settings for an S3-compatible endpoint (s3proxy, MinIO): path-style, plain HTTP allowed, static keys. */
    public static Map<String, String> s3aEndpoint(String endpoint, String accessKey, String secretKey) {
        return Map.of(
                "spark.hadoop.fs.s3a.endpoint", endpoint,
                "spark.hadoop.fs.s3a.endpoint.region", "us-east-1",
                "spark.hadoop.fs.s3a.path.style.access", "true",
                "spark.hadoop.fs.s3a.connection.ssl.enabled", Boolean.toString(endpoint.startsWith("https")),
                "spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "spark.hadoop.fs.s3a.access.key", accessKey,
                "spark.hadoop.fs.s3a.secret.key", secretKey);
    }

    /** Cores of a {@code local[N]} master, else of this machine (per-core figures, shuffle partitions). */
    public static int cores(String master) {
        if (master.matches("local\\[\\d+]")) {
            return Integer.parseInt(master.substring(6, master.length() - 1));
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
