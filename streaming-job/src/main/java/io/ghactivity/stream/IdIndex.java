package io.ghactivity.stream;

import io.ghactivity.stream.spark.FileSinkLog;
import io.ghactivity.contracts.GhArchiveHour;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The ids committed in each hour the job is working on, kept on the driver so dedup costs no Spark job per batch.
 * It only ever holds ids of committed files: an hour is loaded from its committed files (the sink log) the first
 * time a run touches it, and afterwards extended with exactly the ids each batch commits. Closed hours are dropped
 * from memory; a late row for one reloads that hour (rare).
 */
final class IdIndex {
    private final SparkSession spark;
    private final FileSinkLog events;
    private final Map<GhArchiveHour, LongSet> byHour = new HashMap<>();

    IdIndex(SparkSession spark, FileSinkLog events) {
        this.spark = spark;
        this.events = events;
    }

    /** Makes sure every given hour is loaded (one Spark read of the id column for all missing hours). */
    void load(Set<GhArchiveHour> hours) {
        Set<GhArchiveHour> missing = hours.stream().filter(h -> !byHour.containsKey(h)).collect(Collectors.toSet());
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(h -> byHour.put(h, new LongSet()));
        String[] files = events.allFiles().stream().map(CommittedFile::path)
                .filter(p -> missing.contains(CommittedFile.hourOf(p))).toArray(String[]::new);
        if (files.length == 0) {
            return;
        }
        List<Row> rows = spark.read().schema("id BIGINT, created_at TIMESTAMP").parquet(files).collectAsList();
        for (Row r : rows) {
            GhArchiveHour h = GhArchiveHour.ofEpochHour(Math.floorDiv(((java.sql.Timestamp) r.get(1)).getTime(), 3_600_000L));
            byHour.computeIfAbsent(h, k -> new LongSet()).add(r.getLong(0));
        }
    }

    boolean contains(GhArchiveHour hour, long id) {
        LongSet s = byHour.get(hour);
        return s != null && s.contains(id);
    }

    /** Records ids just committed (the caller guarantees the hour was {@link #load loaded} first). */
    void add(GhArchiveHour hour, long id) {
        byHour.computeIfAbsent(hour, k -> new LongSet()).add(id);
    }

    void forget(GhArchiveHour hour) {
        byHour.remove(hour);
    }

    int hours() {
        return byHour.size();
    }
}
