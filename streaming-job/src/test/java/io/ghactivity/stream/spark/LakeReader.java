package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Independent read-back of a lake for assertions: manifests as JSON, data through plain Spark Parquet reads. */
final class LakeReader {
    private final SparkSession spark;
    private final LakeLayout layout;

    LakeReader(SparkSession spark, String lakeRoot) {
        this.spark = spark;
        this.layout = new LakeLayout(lakeRoot);
    }

    /** The manifest of the hour, or null. Local lakes only. */
    HourManifest manifest(GhArchiveHour hour) {
        Path p = Path.of(layout.manifest(hour));
        if (!Files.exists(p)) {
            return null;
        }
        try {
            return HourManifest.fromJson(Files.readAllBytes(p), p.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ids in exactly the files the manifest lists, asserting that every row lies in the manifest's hour and that the
     * manifest's counts match the files.
     */
    Set<Long> idsOfManifest(HourManifest m) {
        Set<Long> ids = new HashSet<>();
        if (m.files().isEmpty()) {
            assertThat(m.rows()).isZero();
            return ids;
        }
        String[] files = m.files().stream().map(HourManifest.DataFile::path).toArray(String[]::new);
        List<Row> rows = spark.read().schema("id BIGINT, created_at TIMESTAMP").parquet(files).collectAsList();
        assertThat((long) rows.size()).as("rows of %s", m).isEqualTo(m.rows());
        for (Row r : rows) {
            Instant created = ((java.sql.Timestamp) r.get(1)).toInstant();
            assertThat(GhArchiveHour.containing(created)).as("hour of event %s", r.get(0)).isEqualTo(m.ghArchiveHour());
            assertThat(ids.add(r.getLong(0))).as("id %s listed twice in %s", r.get(0), m).isTrue();
        }
        return ids;
    }

    /** Every committed event id, through Spark's reader of the sink (it honours _spark_metadata). */
    List<Long> allIds() {
        return spark.read().parquet(layout.events()).select("id").collectAsList().stream().map(r -> r.getLong(0)).toList();
    }

    /** Every committed event row with all lake columns, dt and hr as the strings of the path. */
    List<Row> allRows() {
        return spark.read().schema(LakeRows.LAKE).parquet(layout.events()).collectAsList();
    }

    List<Row> rejects() {
        return spark.read().parquet(layout.rejects()).collectAsList();
    }
}
