package io.ghactivity.stream.spark;

import io.ghactivity.stream.core.CommittedIds;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@link CommittedIds} through Spark: one read of the {@code id} and {@code created_at} columns of the files. */
final class ParquetIds implements CommittedIds {
    private final SparkSession spark;

    ParquetIds(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public void read(String[] files, Row each) {
        for (org.apache.spark.sql.Row r : spark.read().schema("id BIGINT, created_at TIMESTAMP").parquet(files).collectAsList()) {
            each.accept(((Timestamp) r.get(1)).getTime(), r.getLong(0));
        }
    }
}
