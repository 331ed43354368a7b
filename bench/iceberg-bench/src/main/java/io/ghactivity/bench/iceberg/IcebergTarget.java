package io.ghactivity.bench.iceberg;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.stream.spark.LakeRows;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The candidate: the same rows appended to an Iceberg table (Hadoop catalog on the local disk, identity-partitioned by
 * the lake's dt and hr, zstd), one snapshot per micro-batch carrying its batch id ({@link IcebergBatchAppend}).
 */
final class IcebergTarget implements LakeSink {
    static final String CATALOG = "lake";
    static final String NAMESPACE = "gh";
    /**
     * Written like the file sink: no shuffle before the write ({@code distribution-mode=none}) and one open file per
     * partition in each task instead of a sort ({@code fanout}), zstd, and no min/max statistics for payload (as the
     * file sink's {@code parquet.column.statistics.enabled#payload=false}).
     */
    static final Map<String, String> TABLE_PROPERTIES = Map.of(
            "format-version", "2",
            "write.parquet.compression-codec", "zstd",
            "write.distribution-mode", "none",
            "write.spark.fanout.enabled", "true",
            "write.metadata.metrics.column.payload", "none");

    private final SparkSession spark;
    private final String name;
    private final Path warehouse;
    private final IcebergBatchAppend append;
    private final JobEndClock clock;
    private long lastSnapshotLookup = -1;

    /** Creates the table {@code lake.gh.<name>}: the lake's columns ({@link LakeRows#LAKE}), partitioned by dt, hr. */
    IcebergTarget(SparkSession spark, Path warehouse, String name, JobEndClock clock) {
        this.spark = spark;
        this.name = name;
        this.warehouse = warehouse;
        this.clock = clock;
        this.append = new IcebergBatchAppend(spark, table());
        StringBuilder props = new StringBuilder();
        TABLE_PROPERTIES.forEach((k, v) -> props.append(props.length() == 0 ? "" : ", ").append('\'').append(k)
                .append("'='").append(v).append('\''));
        spark.sql("CREATE TABLE " + table() + " (" + LakeRows.LAKE.toDDL() + ") USING iceberg PARTITIONED BY ("
                + LakeLayout.PARTITION_DATE + ", " + LakeLayout.PARTITION_HOUR + ") TBLPROPERTIES (" + props + ")");
    }

    String table() {
        return CATALOG + "." + NAMESPACE + "." + name;
    }

    /** Spark settings of the Iceberg catalog {@value #CATALOG} at {@code warehouse}. */
    static Map<String, String> sparkConf(Path warehouse) {
        return Map.of(
                "spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
                "spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog",
                "spark.sql.catalog." + CATALOG + ".type", "hadoop",
                "spark.sql.catalog." + CATALOG + ".warehouse", warehouse.toUri().toString(),
                "spark.sql.catalog." + CATALOG + ".metrics-reporter-impl", CommitReports.class.getName());
    }

    @Override
    public String name() {
        return "Iceberg append + batch id in snapshot";
    }

    @Override
    public Write write(long batchId, Dataset<Row> rows) throws Exception {
        long t0 = System.currentTimeMillis();
        Table before = append.load();
        boolean committed = IcebergBatchAppend.committedBatchId(before) >= batchId;
        long t1 = System.currentTimeMillis();
        if (committed) {
            return new Write(false, t1 - t0, 0, 0, 0, 0, -1);
        }
        long jobs = clock.jobsEnded();
        CommitReports.clear();
        rows.writeTo(table()).option("snapshot-property." + IcebergBatchAppend.BATCH_ID, Long.toString(batchId)).append();
        long t2 = System.currentTimeMillis();
        long jobEnd = clock.lastJobEndAfter(jobs);
        Snapshot s = append.load().currentSnapshot();
        return new Write(true, t1 - t0, jobEnd - t1, t2 - jobEnd,
                Integer.parseInt(s.summary().getOrDefault("added-data-files", "0")),
                Long.parseLong(s.summary().getOrDefault("added-files-size", "0")), Math.round(CommitReports.lastCommitMillis()));
    }

    /**
     * Through Iceberg's public API, from cold: load the table's metadata from the catalog, then plan a scan of the
     * hour's partition at the current snapshot — file paths and record counts come from the manifests, no footer read.
     */
    @Override
    public HourFiles filesOfHour(GhArchiveHour hour) {
        long t0 = System.nanoTime();
        HadoopCatalog catalog = new HadoopCatalog(spark.sparkContext().hadoopConfiguration(), warehouse.toUri().toString());
        try (catalog) {
            Table t = catalog.loadTable(TableIdentifier.of(NAMESPACE, name));
            long snapshot = t.currentSnapshot().snapshotId();
            lastSnapshotLookup = snapshot;
            int files = 0;
            long rows = 0;
            try (CloseableIterable<FileScanTask> tasks = t.newScan().useSnapshot(snapshot)
                    .filter(Expressions.and(Expressions.equal(LakeLayout.PARTITION_DATE, hour.dt()),
                            Expressions.equal(LakeLayout.PARTITION_HOUR, hour.hr())))
                    .planFiles()) {
                for (FileScanTask task : tasks) {
                    files++;
                    rows += task.file().recordCount();
                }
            }
            return new HourFiles(files, rows, (System.nanoTime() - t0) / 1e6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same question through Spark SQL: the {@code files} metadata table at one snapshot. */
    HourFiles filesOfHourSql(GhArchiveHour hour) {
        long t0 = System.nanoTime();
        Row r = spark.read().option("snapshot-id", lastSnapshotLookup).table(table() + ".files")
                .where("partition.dt = '" + hour.dt() + "' AND partition.hr = '" + hour.hr() + "'")
                .selectExpr("count(*)", "coalesce(sum(record_count), 0)").first();
        return new HourFiles((int) r.getLong(0), r.getLong(1), (System.nanoTime() - t0) / 1e6);
    }

    @Override
    public Footprint footprint() {
        Path table = warehouse.resolve(NAMESPACE).resolve(name);
        long[] data = Footprint.walk(table.resolve("data"), p -> true);
        long[] meta = Footprint.walk(table.resolve("metadata"), p -> true);
        return new Footprint(data[0], data[1], meta[0], meta[1]);
    }

    /** Bytes of the newest {@code vN.metadata.json}: it lists every snapshot, so it grows with each commit. */
    long currentMetadataJsonBytes() {
        String location = ((HasTableOperations) append.load()).operations().current().metadataFileLocation();
        return new File(location.startsWith("file:") ? URI.create(location).getPath() : location).length();
    }

    @Override
    public long rowsVisible() {
        return spark.table(table()).count();
    }
}
