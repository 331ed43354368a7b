package io.ghactivity.bench.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.stream.spark.SparkSessions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What committing each micro-batch to Iceberg keeps of the job's guarantees, through public API, on real Spark 4.0.2
 * {@code local[2]} and Iceberg 1.10.1 (Hadoop catalog on the local disk), with bench-stream's generated events parsed
 * by the job's parser: a committed batch id is skipped on replay; a JVM killed between writing and committing leaves
 * nothing visible and the re-run writes the batch once; concurrent writers; and whether the project's DuckDB reads it.
 */
class IcebergGuaranteesIT {
    private static final int EVENTS = 300;
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static Path warehouse;
    private static List<Path> batches;
    private static int tables;

    @BeforeAll
    static void start() throws Exception {
        warehouse = dir.resolve("warehouse");
        batches = LakeBatches.generate(dir.resolve("json"), List.of((long) EVENTS, (long) EVENTS, (long) EVENTS));
        spark = SparkSessions.create("local[2]", IcebergTarget.sparkConf(warehouse));
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static IcebergTarget newTable() {
        return new IcebergTarget(spark, warehouse, "t" + (++tables), JobEndClock.install(spark));
    }

    private static Dataset<Row> batch(int i) {
        return LakeBatches.lakeRows(spark, batches.get(i), 2);
    }

    private static long count(IcebergTarget t) {
        return spark.table(t.table()).count();
    }

    private static long distinctIds(IcebergTarget t) {
        return spark.table(t.table()).select("id").distinct().count();
    }

    @Test
    void aCommittedBatchIdIsSkippedWhenTheBatchRunsAgain() throws Exception {
        IcebergTarget t = newTable();
        IcebergBatchAppend append = new IcebergBatchAppend(spark, t.table());
        assertThat(append.append(0, batch(0))).isTrue();
        // Spark re-runs batch 0 after a crash between the commit and its checkpoint's commits/0: nothing is added.
        assertThat(append.append(0, batch(0))).isFalse();
        assertThat(append.append(1, batch(1))).isTrue();
        assertThat(count(t)).isEqualTo(2L * EVENTS);
        assertThat(distinctIds(t)).isEqualTo(2L * EVENTS);
        Table table = append.load();
        assertThat(IcebergBatchAppend.committedBatchId(table)).isEqualTo(1);
        assertThat(table.currentSnapshot().summary()).containsEntry(IcebergBatchAppend.BATCH_ID, "1");
    }

    @Test
    void aJvmKilledBetweenWritingAndCommittingLeavesNothingVisibleAndTheRerunWritesTheBatchOnce() throws Exception {
        IcebergTarget t = newTable();
        IcebergBatchAppend append = new IcebergBatchAppend(spark, t.table());
        assertThat(append.append(0, batch(0))).isTrue();
        Snapshot before = append.load().currentSnapshot();
        Set<Path> filesBefore = dataFiles(t);

        Path root = Path.of(System.getProperty("gh.root"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + root.resolve("conf/java17.args"), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                CrashingAppend.class.getName(), warehouse.toString(), t.table(), batches.get(1).toString(), "1"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        boolean holding = false;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.contains(CrashingAppend.HOLDING)) {
                    holding = true;
                    break;
                }
            }
            assertThat(holding).as("the child reached the point between writing and committing; its output:%n%s", output)
                    .isTrue();
            // The other task's data file is complete on disk by now (it finished before the held one).
            long deadline = System.currentTimeMillis() + 30_000;
            while (dataFiles(t).size() == filesBefore.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Set<Path> orphans = dataFiles(t);
        orphans.removeAll(filesBefore);
        assertThat(orphans).as("data files the killed write left").isNotEmpty();

        Table afterCrash = append.load();
        assertThat(afterCrash.currentSnapshot().snapshotId()).isEqualTo(before.snapshotId());
        assertThat(IcebergBatchAppend.committedBatchId(afterCrash)).isZero();
        assertThat(count(t)).isEqualTo(EVENTS);

        // Spark re-runs batch 1 with the same records: written once; the orphans are in no snapshot.
        assertThat(append.append(1, batch(1))).isTrue();
        assertThat(count(t)).isEqualTo(2L * EVENTS);
        assertThat(distinctIds(t)).isEqualTo(2L * EVENTS);
        Set<String> referenced = spark.table(t.table() + ".files").select("file_path").collectAsList().stream()
                .map(r -> Path.of(java.net.URI.create(r.getString(0)).getPath()).toString()).collect(Collectors.toSet());
        assertThat(orphans).allSatisfy(o -> assertThat(referenced).doesNotContain(o.toString()));
    }

    @Test
    void twoWritersThatBothCheckBeforeEitherAppendsDuplicateTheBatchWithAPlainAppend() throws Exception {
        IcebergTarget t = newTable();
        IcebergBatchAppend a = new IcebergBatchAppend(spark, t.table());
        IcebergBatchAppend b = new IcebergBatchAppend(spark, t.table());
        a.append(0, batch(0));
        // Both see batch 1 as not committed (e.g. a restarted job beside one that is still running)…
        assertThat(IcebergBatchAppend.committedBatchId(a.load())).isLessThan(1);
        assertThat(IcebergBatchAppend.committedBatchId(b.load())).isLessThan(1);
        Dataset<Row> rows = batch(1);
        rows.writeTo(t.table()).option("snapshot-property." + IcebergBatchAppend.BATCH_ID, "1").append();
        // …and Iceberg's optimistic concurrency retries the second append instead of refusing it: batch 1 twice.
        rows.writeTo(t.table()).option("snapshot-property." + IcebergBatchAppend.BATCH_ID, "1").append();
        assertThat(count(t)).isEqualTo(3L * EVENTS);
        assertThat(distinctIds(t)).isEqualTo(2L * EVENTS);
    }

    @Test
    void theConditionalAppendRefusesAWriterWhoseCheckIsStale() throws Exception {
        IcebergTarget t = newTable();
        IcebergBatchAppend a = new IcebergBatchAppend(spark, t.table());
        IcebergBatchAppend b = new IcebergBatchAppend(spark, t.table());
        a.append(0, batch(0));
        long seenByA = a.load().currentSnapshot().snapshotId();
        long seenByB = b.load().currentSnapshot().snapshotId();
        Dataset<Row> rows = batch(1);
        a.appendIfUnchanged(1, rows, seenByA);
        assertThatThrownBy(() -> b.appendIfUnchanged(1, rows, seenByB))
                .satisfies(e -> assertThat(Stream.iterate(e, x -> x != null, Throwable::getCause))
                        .anySatisfy(x -> assertThat(x).isInstanceOf(ValidationException.class)));
        assertThat(count(t)).isEqualTo(2L * EVENTS);
        assertThat(IcebergBatchAppend.committedBatchId(a.load())).isEqualTo(1);
    }

    @Test
    void concurrentAppendsOfDifferentBatchesAreBothKept() throws Exception {
        IcebergTarget t = newTable();
        Dataset<Row> one = batch(1);
        Dataset<Row> two = batch(2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> f1 = pool.submit(() -> {
                go.await();
                return new IcebergBatchAppend(spark, t.table()).append(1, one);
            });
            Future<?> f2 = pool.submit(() -> {
                go.await();
                return new IcebergBatchAppend(spark, t.table()).append(2, two);
            });
            go.countDown();
            f1.get(120, TimeUnit.SECONDS);
            f2.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(t)).isEqualTo(2L * EVENTS);
        assertThat(distinctIds(t)).isEqualTo(2L * EVENTS);
    }

    @Test
    void theProjectsDuckDbReadsExactlyTheDataFilesIcebergListsForTheTable() throws Exception {
        IcebergTarget t = newTable();
        new IcebergBatchAppend(spark, t.table()).append(0, batch(0));
        List<String> files = spark.table(t.table() + ".files").select("file_path").collectAsList().stream()
                .map(r -> r.getString(0)).toList();
        // What the loader does with a manifest today: read exactly the listed Parquet files.
        String list = files.stream().map(f -> "'" + Path.of(java.net.URI.create(f).getPath()) + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM read_parquet(" + list + ")")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(EVENTS);
            assertThat(r.getLong(2)).isEqualTo(EVENTS);
        }
    }

    @Test
    void theProjectsDuckDbReadsTheTableWhereItsIcebergExtensionIsInstalled() throws Exception {
        IcebergTarget t = newTable();
        IcebergBatchAppend append = new IcebergBatchAppend(spark, t.table());
        append.append(0, batch(0));
        String metadata = ((org.apache.iceberg.HasTableOperations) append.load()).operations().current().metadataFileLocation();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            // Only a local copy of the extension is tried: INSTALL would download it.
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            try {
                s.execute("LOAD iceberg");
            } catch (java.sql.SQLException e) {
                Assumptions.abort("DuckDB's iceberg extension is not installed on this machine, and INSTALL iceberg "
                        + "downloads it from DuckDB's extension repository, which tests do not reach: " + e.getMessage());
            }
            String path = metadata.startsWith("file:") ? java.net.URI.create(metadata).getPath() : metadata;
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM iceberg_scan('" + path + "')")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(EVENTS);
            }
        }
    }

    private static Set<Path> dataFiles(IcebergTarget t) throws Exception {
        Path data = warehouse.resolve(IcebergTarget.NAMESPACE).resolve(t.table().substring(t.table().lastIndexOf('.') + 1)).resolve("data");
        if (!Files.isDirectory(data)) {
            return new java.util.HashSet<>();
        }
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).collect(Collectors.toCollection(java.util.HashSet::new));
        }
    }
}
