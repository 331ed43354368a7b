package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's own Parquet settings reach its files, and no other write of the session sees them; empty batches
 * committed without a job mix with written ones in the one log, across its compaction.
 */
class SinkLogIT {
    private static final StructType ROWS = new StructType().add("id", DataTypes.LongType)
            .add("payload", DataTypes.StringType).add("type", DataTypes.StringType).add("hr", DataTypes.StringType);

    @TempDir
    java.nio.file.Path dir;

    @Test
    void eventWriterOptionsApplyToTheSinkOnly() throws Exception {
        SparkSession spark = SparkTestSession.get();
        // Repeated values: a dictionary would be kept for every column that has one.
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(RowFactory.create((long) (i % 3), "{\"body\":\"" + "x".repeat(100) + (i % 3) + "\"}", "PushEvent", "00"));
        }
        Dataset<Row> data = spark.createDataFrame(rows, ROWS);
        FileSinkLog sink = new FileSinkLog(spark, dir.resolve("events").toString(), List.of("hr"), StreamJob.EVENT_WRITER_OPTIONS);
        assertThat(spark.conf().getOption("parquet.enable.dictionary#payload").isDefined()).isFalse();
        sink.addBatch(0, data);
        data.write().partitionBy("hr").parquet(dir.resolve("plain").toString());

        assertThat(dictionaryColumns(dir.resolve("events"))).containsExactly("type");
        assertThat(dictionaryColumns(dir.resolve("plain"))).containsExactlyInAnyOrder("id", "payload", "type");
    }

    @Test
    void emptyBatchesCommittedWithoutAJobKeepTheLogWhole() {
        SparkSession spark = SparkTestSession.get();
        String path = dir.resolve("rejects").toString();
        FileSinkLog sink = new FileSinkLog(spark, path, List.of("hr"), Map.of());
        List<Long> written = new ArrayList<>();
        for (long batch = 0; batch <= 12; batch++) { // the log compacts at batch 9 (every 10 by default)
            if (batch % 3 == 0) {
                sink.addBatch(batch, spark.createDataFrame(List.of(RowFactory.create(batch, "{}", "PushEvent", "00")), ROWS));
                written.add(batch);
            } else {
                sink.commitEmpty(batch);
                assertThat(sink.batchFiles(batch)).isEmpty();
            }
            assertThat(sink.latestBatchId()).isEqualTo(batch);
        }
        // Replays of committed batch ids change nothing, either way.
        sink.commitEmpty(12);
        sink.addBatch(4, spark.createDataFrame(List.of(RowFactory.create(99L, "{}", "PushEvent", "00")), ROWS));

        assertThat(Files.exists(dir.resolve("rejects/_spark_metadata/9.compact"))).isTrue();
        FileSinkLog reopened = new FileSinkLog(spark, path, List.of("hr"), Map.of());
        assertThat(reopened.latestBatchId()).isEqualTo(12);
        assertThat(reopened.allFiles()).hasSameElementsAs(
                written.stream().flatMap(b -> sink.batchFiles(b).stream()).toList());
        assertThat(spark.read().parquet(path).select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList())
                .containsExactlyInAnyOrderElementsOf(written);
    }

    private static Set<String> dictionaryColumns(java.nio.file.Path root) throws Exception {
        java.nio.file.Path file;
        try (var files = Files.walk(root)) {
            file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file.toString()), new Configuration()))) {
            return r.getFooter().getBlocks().get(0).getColumns().stream()
                    .filter(c -> c.getEncodings().contains(Encoding.PLAIN_DICTIONARY) || c.getEncodings().contains(Encoding.RLE_DICTIONARY))
                    .map(c -> c.getPath().toDotString()).collect(Collectors.toSet());
        }
    }
}
