package io.ghactivity.bench.iceberg;

import io.ghactivity.stream.spark.LakeRows;
import io.ghactivity.stream.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Run in a child JVM by {@link IcebergGuaranteesIT}: appends one batch to an existing table the way the benchmark
 * does, but holds the write's last task open after its rows, so the other task's data files are on disk and the
 * commit has not happened; the test kills this JVM with SIGKILL there. Args: warehouse, table name, batch JSON, id.
 */
public final class CrashingAppend {
    static final String HOLDING = "crashing-append: a task holds the write open before the commit";

    public static void main(String[] args) throws Exception {
        Path warehouse = Path.of(args[0]);
        SparkSession spark = SparkSessions.create("local[2]", IcebergTarget.sparkConf(warehouse));
        // A small batch is one input split: spread it over two tasks so one can finish its file while the other holds.
        Dataset<Row> rows = LakeBatches.lakeRows(spark, Path.of(args[2]), 2).repartition(2)
                .mapPartitions(new HoldLastPartition(), Encoders.row(LakeRows.LAKE));
        new IcebergBatchAppend(spark, args[1]).append(Long.parseLong(args[3]), rows);
        System.out.println("crashing-append: committed (the test should have killed this JVM first)");
    }

    /** Partition 1 hangs after handing over its rows: its file stays open and the driver never commits. */
    static final class HoldLastPartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            boolean hold = TaskContext.getPartitionId() == 1;
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    boolean more = rows.hasNext();
                    if (!more && hold) {
                        System.out.println(HOLDING);
                        System.out.flush();
                        try {
                            Thread.sleep(600_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return more;
                }

                @Override
                public Row next() {
                    return rows.next();
                }
            };
        }
    }
}
