package io.ghactivity.bench.stream;

import io.ghactivity.bench.support.BenchBroker;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
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
import java.util.ArrayList;
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
 * Parquet columns. Both on one {@code local[N]} session, in {@code --rounds} rounds that alternate which job goes
 * first, so that neither always runs in the JVM the other has warmed. Prints events/s and MB/s (of JSON) per core,
 * peak heap and the steady-state projection for June 2022 (96.3 M events). Starts its own broker unless {@code --bootstrap}.
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

    @Option(names = "--rounds", defaultValue = "2",
            description = "Measured rounds over the same input, alternating which job runs first (stream first in odd "
                    + "rounds); the figures add them up (default: ${DEFAULT-VALUE}).")
    int rounds;

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
        if (rounds < 1) {
            throw new UserError("--rounds must be at least 1, got " + rounds);
        }
        boolean temp = workDir == null;
        Path dir = temp ? Files.createTempDirectory("gh-bench-stream") : Files.createDirectories(workDir);
        Path root = Path.of(System.getProperty("gh.root", "."));
        try (BrokerProcess broker = bootstrap == null ? BenchBroker.start(root, dir.resolve("broker")) : null) {
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
            List<BenchReport.Round> done = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                // Alternate which job goes first: the second one runs in a JVM the first has warmed further.
                boolean streamFirst = r % 2 == 0;
                String stream = dir.resolve("lake-stream-" + r).toString();
                String base = dir.resolve("lake-baseline-" + r).toString();
                Timed<List<BatchMetrics>> s = null;
                if (streamFirst) {
                    s = timed(heap, () -> runStream(spark, input, servers, stream));
                }
                Timed<Void> b = timed(heap, () -> {
                    BaselineJob.run(spark, dir.resolve("json").toString(), base);
                    return null;
                });
                if (!streamFirst) {
                    s = timed(heap, () -> runStream(spark, input, servers, stream));
                }
                BenchReport.Round round = new BenchReport.Round(streamFirst, s.seconds(), s.peakHeap(),
                        spark.read().parquet(stream + "/events").count(), s.value(), b.seconds(), b.peakHeap(),
                        spark.read().parquet(base).count());
                System.err.println("bench-stream: " + round.summary(r + 1));
                done.add(round);
            }
            heap.stop();
            spark.stop();

            BenchReport report = new BenchReport(input, cores, done, maxOffsetsPerTrigger, PeakHeap.processPeakRssBytes());
            System.out.println(report.markdown());
            return done.stream().allMatch(x -> x.streamRows() == input.events() && x.baseRows() == input.events())
                    ? Cli.EXIT_OK : Cli.EXIT_FAILURE;
        } finally {
            if (temp) {
                deleteTree(dir);
            }
        }
    }

    private record Timed<T>(T value, double seconds, long peakHeap) {
    }

    private static <T> Timed<T> timed(PeakHeap heap, Callable<T> job) throws Exception {
        heap.resetPeak();
        long t0 = System.nanoTime();
        T value = job.call();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Timed<>(value, seconds, heap.resetPeak());
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
