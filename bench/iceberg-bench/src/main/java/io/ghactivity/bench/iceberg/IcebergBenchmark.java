package io.ghactivity.bench.iceberg;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.LocalFiles;
import io.ghactivity.stream.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity bench-iceberg} (GH_ACTIVITY_SPARK=4.0): the job's file sink and its log against appending the
 * same lake rows to an Iceberg 1.10.1 table, per micro-batch, side by side in one run on one Spark 4.0.2 session.
 *
 * <p>Batches: {@code --batches} of {@code --batch-events} (the job's default micro-batch, 200k), then
 * {@code --small-batches} of {@code --small-batch-events} to see how commits grow with the metadata. Every batch's
 * rows are parsed once by the job's parser and cached, then written by both sinks, alternating which goes first. Per
 * write: the Spark job, the commit after it (driver), Iceberg's batch-id check; then files and bytes, metadata growth,
 * the cost of listing one hour's files with their row counts (what a completion manifest needs), a replay of the
 * last batch id (skipped by both), and the rows each lake shows to Spark.
 */
@Command(name = "gh-activity bench-iceberg", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark the job's file sink against appending each micro-batch to an Iceberg table (Spark 4.0.2).")
public final class IcebergBenchmark implements Callable<Integer> {
    @Option(names = "--batches", defaultValue = "3", description = "Real-size micro-batches (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--batch-events", defaultValue = "200000", description = "Events per micro-batch (default: ${DEFAULT-VALUE}).")
    long batchEvents;

    @Option(names = "--small-batches", defaultValue = "100", description = "Small batches after them, for commit growth (default: ${DEFAULT-VALUE}).")
    int smallBatches;

    @Option(names = "--small-batch-events", defaultValue = "1000", description = "Events per small batch (default: ${DEFAULT-VALUE}).")
    long smallBatchEvents;

    @Option(names = "--lookups", defaultValue = "5", description = "Repetitions of the hour lookup; the median is shown (default: ${DEFAULT-VALUE}).")
    int lookups;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--work-dir", description = "Where input, lake and table go (default: a new temp dir, deleted after).")
    Path workDir;

    public static void main(String[] args) {
        System.exit(Cli.execute(new IcebergBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (batches < 1 || smallBatches < 0) {
            throw new UserError("--batches must be at least 1 and --small-batches at least 0");
        }
        boolean temp = workDir == null;
        Path dir = temp ? Files.createTempDirectory("gh-bench-iceberg") : Files.createDirectories(workDir);
        try {
            return run(dir);
        } finally {
            if (temp) {
                LocalFiles.deleteTree(dir);
            }
        }
    }

    private int run(Path dir) throws Exception {
        List<Long> sizes = new ArrayList<>(Collections.nCopies(batches, batchEvents));
        sizes.addAll(Collections.nCopies(smallBatches, smallBatchEvents));
        sizes.add(smallBatchEvents); // the warm-up batch, last so it does not shift the measured events
        List<Path> inputs = LakeBatches.generate(dir.resolve("json"), sizes);
        long events = sizes.stream().limit(sizes.size() - 1L).mapToLong(Long::longValue).sum();

        Path warehouse = dir.resolve("warehouse");
        SparkSession spark = SparkSessions.create(master, IcebergTarget.sparkConf(warehouse));
        spark.sparkContext().setLogLevel("WARN");
        int cores = SparkSessions.cores(master);
        JobEndClock clock = JobEndClock.install(spark);

        // Warm-up, unmeasured: both write paths compiled and loaded once, on their own lake and table.
        Dataset<Row> warm = LakeBatches.lakeRows(spark, inputs.get(inputs.size() - 1), cores);
        new FileSinkTarget(spark, dir.resolve("lake-warmup"), clock).write(0, warm);
        new IcebergTarget(spark, warehouse, "warmup", clock).write(0, warm);
        warm.unpersist(true);

        FileSinkTarget fileSink = new FileSinkTarget(spark, dir.resolve("lake"), clock);
        IcebergTarget iceberg = new IcebergTarget(spark, warehouse, "events", clock);
        List<LakeSink> sinks = List.of(fileSink, iceberg);
        Map<LakeSink, List<LakeSink.Write>> writes = new LinkedHashMap<>();
        sinks.forEach(s -> writes.put(s, new ArrayList<>()));
        Map<LakeSink, LakeSink.Footprint> afterBig = new LinkedHashMap<>();
        long metadataJsonAfterBig = 0;
        Dataset<Row> last = null;
        for (int b = 0; b < batches + smallBatches; b++) {
            if (last != null) {
                last.unpersist(true);
            }
            last = LakeBatches.lakeRows(spark, inputs.get(b), cores);
            // Alternate which sink writes first, so neither always runs in a JVM the other has warmed further.
            List<LakeSink> order = b % 2 == 0 ? sinks : List.of(iceberg, fileSink);
            for (LakeSink s : order) {
                writes.get(s).add(s.write(b, last));
            }
            if (b < batches) {
                System.err.printf("bench-iceberg: batch %d: %s / %s%n", b, writes.get(fileSink).get(b), writes.get(iceberg).get(b));
            }
            if (b == batches - 1) {
                sinks.forEach(s -> afterBig.put(s, s.footprint()));
                metadataJsonAfterBig = iceberg.currentMetadataJsonBytes();
            }
        }
        long lastBatch = batches + smallBatches - 1L;
        Map<LakeSink, LakeSink.Write> replay = new LinkedHashMap<>();
        for (LakeSink s : sinks) {
            replay.put(s, s.write(lastBatch, last));
        }
        last.unpersist(true);

        GhArchiveHour hour = fileSink.busiestHour();
        Map<String, LakeSink.HourFiles> lookup = new LinkedHashMap<>();
        lookup.put("file sink: sink log `allFiles()` + Parquet footers (`Manifests.stats`)", median(() -> fileSink.filesOfHour(hour)));
        lookup.put("file sink: sink log `allFiles()` alone (no row counts)", median(() -> fileSink.filesOfHourWithoutRows(hour)));
        lookup.put("Iceberg: `loadTable` + `newScan().useSnapshot(S).filter(dt, hr).planFiles()`", median(() -> iceberg.filesOfHour(hour)));
        lookup.put("Iceberg: Spark SQL, `files` metadata table at snapshot S", median(() -> iceberg.filesOfHourSql(hour)));

        Map<LakeSink, Long> visible = new LinkedHashMap<>();
        sinks.forEach(s -> visible.put(s, s.rowsVisible()));
        Map<LakeSink, LakeSink.Footprint> end = new LinkedHashMap<>();
        sinks.forEach(s -> end.put(s, s.footprint()));
        long metadataJsonEnd = iceberg.currentMetadataJsonBytes();
        spark.stop();

        IcebergReport report = new IcebergReport(master, batches, batchEvents, smallBatches, smallBatchEvents, events,
                writes, afterBig, end, metadataJsonAfterBig, metadataJsonEnd, replay, hour, lookup, visible);
        System.out.println(report.markdown());
        boolean exact = visible.values().stream().allMatch(v -> v == events)
                && lookup.values().stream().map(LakeSink.HourFiles::rows).filter(r -> r >= 0).distinct().count() == 1
                && replay.values().stream().noneMatch(LakeSink.Write::appended);
        return exact ? Cli.EXIT_OK : Cli.EXIT_FAILURE;
    }

    private LakeSink.HourFiles median(Supplier<LakeSink.HourFiles> lookup) {
        List<LakeSink.HourFiles> runs = new ArrayList<>();
        for (int i = 0; i < Math.max(1, lookups); i++) {
            runs.add(lookup.get());
        }
        runs.sort((a, b) -> Double.compare(a.millis(), b.millis()));
        return runs.get(runs.size() / 2);
    }
}
