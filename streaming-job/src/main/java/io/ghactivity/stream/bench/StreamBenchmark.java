package io.ghactivity.stream.bench;

import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.local.BrokerProcess;
import io.ghactivity.contracts.local.LocalFiles;
import io.ghactivity.stream.BatchMetrics;
import io.ghactivity.stream.SparkSessions;
import io.ghactivity.stream.StreamConfig;
import io.ghactivity.stream.StreamJob;
import io.ghactivity.stream.TriggerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity bench-stream}: the streaming job against the natural baseline, side by side in one run.
 *
 * <p>Generates {@code --events} synthetic June 2022 events of ≈ 4.5 KB, produces them to a fresh topic (timestamps
 * = created_at, key = id, like the producer) and writes the same lines as JSON files; then runs (1) the streaming job,
 * Kafka → lake, {@code available-now} with bounded batches, and (2) a plain Spark batch job, JSON files → the same
 * Parquet columns. Both on one {@code local[N]} session. Prints events/s and MB/s (of JSON) per core, peak heap and
 * the steady-state projection for June 2022 (96.3 M events). Starts its own broker unless {@code --bootstrap}.
 * Example: {@code bin/gh-activity bench-stream --events 400000}.
 */
@Command(name = "gh-activity bench-stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark the streaming job (Kafka → Parquet lake) against a plain Spark JSON → Parquet batch job.")
public final class StreamBenchmark implements Callable<Integer> {
    static final long JUNE_2022_EVENTS = 96_338_569L;

    @Option(names = "--events", defaultValue = "400000", description = "Events to generate (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the benchmark topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--max-offsets-per-trigger", defaultValue = "100000", description = "Stream batch size (default: ${DEFAULT-VALUE}).")
    long maxOffsetsPerTrigger;

    @Option(names = "--warmup-events", defaultValue = "20000",
            description = "Run both jobs once on this many separate events first, unmeasured, so neither pays JIT and "
                    + "code generation for the other (0: no warm-up; default: ${DEFAULT-VALUE}).")
    long warmupEvents;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master; cores are counted from it (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--kafka-option", paramLabel = "KEY=VALUE",
            description = "Extra Kafka consumer setting of the stream, repeatable, as for gh-activity stream (the kafka. prefix is added if missing).")
    Map<String, String> kafkaOptions = new java.util.LinkedHashMap<>();

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting, repeatable, as for gh-activity stream.")
    Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

    @Option(names = "--bootstrap", description = "Use this broker instead of starting one.")
    String bootstrap;

    @Option(names = "--work-dir", description = "Where input, lakes and broker data go (default: a new temp dir, deleted after).")
    Path workDir;

    public static void main(String[] args) {
        System.exit(Cli.execute(new StreamBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        boolean temp = workDir == null;
        Path dir = temp ? Files.createTempDirectory("gh-bench-stream") : Files.createDirectories(workDir);
        Path root = Path.of(System.getProperty("gh.root", "."));
        try (BrokerProcess broker = bootstrap == null ? BrokerProcess.startForBenchmark(root, dir.resolve("broker")) : null) {
            String servers = bootstrap != null ? bootstrap : broker.bootstrap();
            String prefix = "bench" + System.currentTimeMillis();
            BenchInput input = BenchInput.create(servers, prefix, partitions, events, dir.resolve("json"));
            System.err.printf("bench-stream: %,d events, %.1f MB of JSON (%.0f bytes/event) in %s and topic %s%n",
                    input.events(), input.bytes() / 1e6, (double) input.bytes() / input.events(), dir, input.topic());

            SparkSession spark = SparkSessions.create(master, sparkConf);
            spark.sparkContext().setLogLevel("WARN");
            int cores = SparkSessions.cores(master);
            if (warmupEvents > 0) {
                BenchInput warm = BenchInput.create(servers, prefix + "-warmup", partitions, warmupEvents, dir.resolve("json-warmup"));
                System.err.printf("bench-stream: warm-up on %,d events (not measured)%n", warm.events());
                runStream(spark, warm, servers, dir.resolve("lake-warmup").toString());
                BaselineJob.run(spark, dir.resolve("json-warmup").toString(), dir.resolve("lake-baseline-warmup").toString());
            }

            PeakHeap heap = PeakHeap.start();
            long t0 = System.nanoTime();
            List<BatchMetrics> metrics = runStream(spark, input, servers, dir.resolve("lake-stream").toString());
            double streamSeconds = (System.nanoTime() - t0) / 1e9;
            long streamPeak = heap.resetPeak();
            long streamRows = spark.read().parquet(dir.resolve("lake-stream/events").toString()).count();

            long t1 = System.nanoTime();
            BaselineJob.run(spark, dir.resolve("json").toString(), dir.resolve("lake-baseline").toString());
            double baseSeconds = (System.nanoTime() - t1) / 1e9;
            long basePeak = heap.resetPeak();
            heap.stop();
            long baseRows = spark.read().parquet(dir.resolve("lake-baseline").toString()).count();
            spark.stop();

            BenchReport report = new BenchReport(input, cores, streamSeconds, streamPeak, streamRows, metrics, baseSeconds,
                    basePeak, baseRows, maxOffsetsPerTrigger, PeakHeap.processPeakRssBytes());
            System.out.println(report.markdown());
            return streamRows == input.events() && baseRows == input.events() ? Cli.EXIT_OK : Cli.EXIT_FAILURE;
        } finally {
            if (temp) {
                deleteTree(dir);
            }
        }
    }

    private List<BatchMetrics> runStream(SparkSession spark, BenchInput in, String servers, String lake) throws Exception {
        StreamConfig config = new StreamConfig(new LakeLayout(lake), null, servers, in.topic(), in.controlTopic(),
                "earliest", TriggerSpec.AVAILABLE_NOW, maxOffsetsPerTrigger, StreamConfig.DEFAULT_ALLOWED_LATENESS,
                Duration.ofSeconds(30), kafka(), "bench");
        try (StreamJob job = new StreamJob(spark, config)) {
            job.start();
            job.awaitDone();
            return job.metrics();
        }
    }

    private Map<String, String> kafka() {
        Map<String, String> kafka = new java.util.LinkedHashMap<>();
        kafkaOptions.forEach((k, v) -> kafka.put(k.startsWith("kafka.") ? k : "kafka." + k, v));
        return kafka;
    }

    private static void deleteTree(Path dir) {
        try {
            LocalFiles.deleteTree(dir);
        } catch (RuntimeException ignored) {
            // a temp dir; the OS cleans it eventually
        }
    }
}
