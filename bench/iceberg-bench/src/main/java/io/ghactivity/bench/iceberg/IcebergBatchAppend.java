package io.ghactivity.bench.iceberg;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Exactly-once micro-batch commits to an Iceberg table through public API only: each append records its batch id in
 * the snapshot summary ({@code snapshot-property.<key>} of Spark's {@code writeTo}), and a batch whose id is already
 * committed is skipped — what the file sink's log gives the job today ({@code FileStreamSink.addBatch} skips a logged
 * id). Batch ids only grow, so "committed" is "≤ the newest recorded id", found by walking back from the current
 * snapshot past snapshots without the key (maintenance such as compaction writes those).
 *
 * <p>Not atomic against a second writer: two writers that both check before either appends both append (the test
 * shows it). {@link #appendIfUnchanged} closes that gap with Iceberg's optimistic concurrency: the append is an
 * overwrite of nothing validated against the snapshot the check saw, so it fails if anything was committed since.
 */
public final class IcebergBatchAppend {
    /** The snapshot-summary key holding the micro-batch id. */
    public static final String BATCH_ID = "gh-activity.batch-id";

    private final SparkSession spark;
    private final String table;

    /** @param table a Spark table name in an Iceberg catalog, e.g. {@code lake.gh.events} */
    public IcebergBatchAppend(SparkSession spark, String table) {
        this.spark = spark;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** The table as Iceberg's API sees it now (refreshed: another writer may have committed). */
    public Table load() {
        try {
            Table t = Spark3Util.loadIcebergTable(spark, table);
            t.refresh();
            return t;
        } catch (org.apache.spark.sql.catalyst.parser.ParseException | NoSuchTableException e) {
            throw new IllegalStateException("no Iceberg table " + table, e);
        }
    }

    /** The newest batch id recorded in the table's snapshot history, or -1. */
    public static long committedBatchId(Table t) {
        for (Snapshot s = t.currentSnapshot(); s != null; s = s.parentId() == null ? null : t.snapshot(s.parentId())) {
            String id = s.summary().get(BATCH_ID);
            if (id != null) {
                return Long.parseLong(id);
            }
        }
        return -1;
    }

    /** Appends the batch unless its id is committed; true if it appended. */
    public boolean append(long batchId, Dataset<Row> rows) throws NoSuchTableException {
        if (committedBatchId(load()) >= batchId) {
            return false;
        }
        rows.writeTo(table).option("snapshot-property." + BATCH_ID, Long.toString(batchId)).append();
        return true;
    }

    /**
     * The append as a compare-and-set: an overwrite that deletes nothing ({@code overwrite(false)}), with serializable
     * isolation validated from {@code seenSnapshotId} (the snapshot the caller checked the batch id against), so
     * Iceberg refuses the commit ({@code ValidationException}) if any data was committed after it.
     */
    public void appendIfUnchanged(long batchId, Dataset<Row> rows, long seenSnapshotId) throws NoSuchTableException {
        rows.writeTo(table).option("snapshot-property." + BATCH_ID, Long.toString(batchId))
                .option("isolation-level", "serializable")
                .option("validate-from-snapshot-id", Long.toString(seenSnapshotId))
                .overwrite(org.apache.spark.sql.functions.lit(false));
    }
}
