package io.ghactivity.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
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

/** The events sink's own Parquet settings reach its files, and no other write of the session sees them. */
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
        SinkLog sink = new SinkLog(spark, dir.resolve("events").toString(), List.of("hr"), StreamJob.EVENT_WRITER_OPTIONS);
        assertThat(spark.conf().getOption("parquet.enable.dictionary#payload").isDefined()).isFalse();
        sink.addBatch(0, data);
        data.write().partitionBy("hr").parquet(dir.resolve("plain").toString());

        assertThat(dictionaryColumns(dir.resolve("events"))).containsExactly("type");
        assertThat(dictionaryColumns(dir.resolve("plain"))).containsExactlyInAnyOrder("id", "payload", "type");
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
