package io.ghactivity.bench.iceberg;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.ghactivity.bench.stream.BenchEvents;
import io.ghactivity.stream.spark.LakeRowParser;
import io.ghactivity.stream.spark.LakeRows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The benchmark's micro-batches: bench-stream's generated June 2022 events (≈ 4.5 KB each, in hour order), one
 * JSON-lines file per batch, turned into lake rows by the job's own parser ({@link LakeRowParser}, the columns
 * {@link LakeRows#LAKE}) and held in memory, so both sinks are handed the very same rows and only the write is timed.
 */
final class LakeBatches {
    private LakeBatches() {
    }

    /** Writes {@code sizes.size()} files, batch i holding the next {@code sizes[i]} events; returns them in order. */
    static List<Path> generate(Path dir, List<Long> sizes) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            files.add(dir.resolve(String.format("batch-%04d.json", i)));
        }
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        long[] written = {0};
        int[] batch = {0};
        long[] inBatch = {0};
        BufferedWriter[] out = {Files.newBufferedWriter(files.get(0), StandardCharsets.UTF_8)};
        try {
            new BenchEvents().forEach(total, line -> {
                try {
                    if (inBatch[0] == sizes.get(batch[0])) {
                        out[0].close();
                        batch[0]++;
                        inBatch[0] = 0;
                        out[0] = Files.newBufferedWriter(files.get(batch[0]), StandardCharsets.UTF_8);
                    }
                    out[0].write(line);
                    out[0].write('\n');
                    inBatch[0]++;
                    if (++written[0] % 100_000 == 0) {
                        System.err.printf("bench-iceberg: generated %,d of %,d events%n", written[0], total);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            out[0].close();
        }
        return files;
    }

    /**
     * The lake rows of one batch file, cached and counted: the records shaped like Spark's Kafka source rows (key,
     * value, partition, offset, timestamp), parsed by the job's parser into {@code tasks} partitions like the job's
     * pass 2 (one task per core), invalid records left out (there are none in generated events).
     */
    static Dataset<Row> lakeRows(SparkSession spark, Path json, int tasks) {
        Dataset<Row> records = spark.read().text(json.toString()).coalesce(tasks).select(
                lit(null).cast("binary").as("key"), col("value").cast("binary").as("value"), lit(0).as("partition"),
                monotonically_increasing_id().as("offset"), current_timestamp().as("timestamp"));
        Column[] lake = LakeRows.lakeColumns().stream().map(c -> col(c)).toArray(Column[]::new);
        Dataset<Row> rows = records.mapPartitions(new LakeRowParser(), Encoders.row(LakeRows.PARSED))
                .filter(col(LakeRows.REASON).isNull()).select(lake);
        rows.persist(StorageLevel.MEMORY_AND_DISK());
        rows.count();
        return rows;
    }
}
