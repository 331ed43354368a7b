package io.ghactivity.stream;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSink;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog;
import org.apache.spark.sql.execution.streaming.sinks.SinkFileStatus;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's own streaming file sink, driven from {@code foreachBatch}, plus read access to its commit log.
 *
 * <p>Why not {@code writeStream.format("parquet")}: one Kafka read must feed three outputs (events, rejects, and the
 * manifests that need the batch's committed files), and a query has one sink. Calling {@link FileStreamSink#addBatch}
 * ourselves keeps exactly its guarantees: files are recorded in {@code <dir>/_spark_metadata/<batchId>} only after they
 * are fully written, a batch id already in the log is skipped on replay (so a re-run batch never duplicates rows), and
 * Spark readers of the directory see committed files only. It is an internal Spark class (stable since 2.0); the
 * dependency is pinned in one place, here.
 */
final class SinkLog {
    private static final Pattern HOUR_DIR = Pattern.compile("/dt=(\\d{4}-\\d{2}-\\d{2})/hr=(\\d{2})/");

    private final String path;
    private final FileStreamSink sink;
    private final FileStreamSinkLog log;

    /**
     * @param writerOptions Parquet writer settings for this sink's files only. {@link FileStreamSink} takes its
     *                      Hadoop configuration from the session once, when it is built, and ignores the options it is
     *                      given for that; so they are set on the session just for the construction and then
     *                      restored, and no other write of the session sees them.
     */
    SinkLog(SparkSession spark, String path, List<String> partitionColumns, Map<String, String> writerOptions) {
        this.path = path;
        scala.collection.immutable.Map<String, String> options = scala.collection.immutable.Map$.MODULE$.from(
                CollectionConverters.asScala(Map.of("compression", "zstd")));
        Map<String, String> previous = new java.util.HashMap<>();
        writerOptions.keySet().forEach(k -> previous.put(k, spark.conf().getOption(k).getOrElse(() -> null)));
        try {
            writerOptions.forEach((k, v) -> spark.conf().set(k, v));
            this.sink = new FileStreamSink(spark, path, new ParquetFileFormat(),
                    CollectionConverters.asScala(partitionColumns).toSeq(), options);
        } finally {
            previous.forEach((k, v) -> {
                if (v == null) {
                    spark.conf().unset(k);
                } else {
                    spark.conf().set(k, v);
                }
            });
        }
        this.log = new FileStreamSinkLog(FileStreamSinkLog.VERSION(), spark, metadataDir(path), Option.empty());
    }

    static String metadataDir(String sinkPath) {
        return sinkPath + "/" + FileStreamSink.metadataDir();
    }

    String path() {
        return path;
    }

    /** Writes and commits the batch; a no-op when {@code batchId} is already committed (a replayed batch). */
    void addBatch(long batchId, Dataset<Row> rows) {
        sink.addBatch(batchId, rows);
    }

    /**
     * Commits a batch that has no rows: the log entry {@link #addBatch} would write for it (the log must have every
     * batch id: its compaction reads them all), without the Spark job that writes nothing (≈ 0.1 s per batch).
     * A no-op when {@code batchId} is already committed.
     */
    void commitEmpty(long batchId) {
        if (batchId > latestBatchId()) {
            log.add(batchId, new SinkFileStatus[0]);
        }
    }

    /** The newest committed batch id, or -1. */
    long latestBatchId() {
        Option<Object> latest = log.getLatestBatchId();
        return latest.isDefined() ? (Long) latest.get() : -1L;
    }

    /** Files committed by one batch (empty if the batch is not committed). */
    List<SinkFileStatus> batchFiles(long batchId) {
        Option<SinkFileStatus[]> files = log.get(batchId);
        return files.isDefined() ? Arrays.asList(files.get()) : List.of();
    }

    /** Every committed file (the log's compacted view). */
    List<SinkFileStatus> allFiles() {
        return new ArrayList<>(Arrays.asList(log.allFiles()));
    }

    /** The hour of a file under {@code dt=…/hr=…/}, or null. */
    static GhArchiveHour hourOf(String filePath) {
        Matcher m = HOUR_DIR.matcher(filePath);
        return m.find() ? GhArchiveHour.parse(m.group(1) + "T" + m.group(2)) : null;
    }
}
