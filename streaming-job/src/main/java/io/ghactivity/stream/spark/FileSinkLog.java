package io.ghactivity.stream.spark;

import io.ghactivity.stream.core.CommitLog;
import io.ghactivity.stream.core.CommittedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's own streaming file sink ({@code FileStreamSink}), driven from {@code foreachBatch}, plus read access to its
 * commit log ({@code FileStreamSinkLog}) — the one place the job touches these Spark internals.
 *
 * <p>Why not {@code writeStream.format("parquet")}: one Kafka read must feed three outputs (events, rejects, and the
 * manifests that need the batch's committed files), and a query has one sink. Calling {@code FileStreamSink.addBatch}
 * ourselves keeps exactly its guarantees: files are recorded in {@code <dir>/_spark_metadata/<batchId>} only after they
 * are fully written, a batch id already in the log is skipped on replay (so a re-run batch never duplicates rows), and
 * Spark readers of the directory see committed files only. No public API commits a DataFrame to a file sink under a
 * given batch id.
 *
 * <p>Why reflection: the three classes moved from {@code org.apache.spark.sql.execution.streaming} (Spark 4.0) to
 * {@code …streaming.sinks} (4.1+) with the same constructors and methods; naming either package at compile time binds
 * the jar to one Spark. They are looked up once per version ({@link #PACKAGES}); the calls are per batch, not per row.
 */
public final class FileSinkLog implements CommitLog {
    /** Where the sink classes live, newest Spark first: 4.1/4.2, then 4.0. */
    static final List<String> PACKAGES = List.of(
            "org.apache.spark.sql.execution.streaming.sinks", "org.apache.spark.sql.execution.streaming");
    private static final Classes CLASSES = Classes.find();

    private final String path;
    private final Object sink;
    private final Object log;
    private final String metadataDir;
    private final SparkSession spark;

    /**
     * @param writerOptions Parquet writer settings for this sink's files only. {@code FileStreamSink} takes its
     *                      Hadoop configuration from the session once, when it is built, and ignores the options it is
     *                      given for that; so they are set on the session just for the construction and then
     *                      restored, and no other write of the session sees them.
     */
    public FileSinkLog(SparkSession spark, String path, List<String> partitionColumns, Map<String, String> writerOptions) {
        this.spark = spark;
        this.path = path;
        this.metadataDir = metadataDir(path);
        scala.collection.immutable.Map<String, String> options = scala.collection.immutable.Map$.MODULE$.from(
                CollectionConverters.asScala(Map.of("compression", "zstd")));
        Map<String, String> previous = new java.util.HashMap<>();
        writerOptions.keySet().forEach(k -> previous.put(k, spark.conf().getOption(k).getOrElse(() -> null)));
        try {
            writerOptions.forEach((k, v) -> spark.conf().set(k, v));
            this.sink = CLASSES.newSink(spark, path, new ParquetFileFormat(),
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
        this.log = CLASSES.newLog(spark, metadataDir);
    }

    /** The sink's log directory: {@code <sinkPath>/_spark_metadata}. */
    public static String metadataDir(String sinkPath) {
        return sinkPath + "/_spark_metadata";
    }

    /** The Spark classes this adapter resolved (for docs and errors): e.g. {@code ….streaming.sinks.FileStreamSink}. */
    public static String sinkClassName() {
        return CLASSES.sink.getName();
    }

    public String path() {
        return path;
    }

    /** Writes and commits the batch; a no-op when {@code batchId} is already committed (a replayed batch). */
    public void addBatch(long batchId, Dataset<Row> rows) {
        CLASSES.call(CLASSES.addBatch, sink, batchId, rows);
    }

    /**
     * Commits a batch that has no rows: the log entry {@link #addBatch} would write for it (the log must have every
     * batch id: its compaction reads them all), without the Spark job that writes nothing (≈ 0.1 s per batch).
     * A no-op when {@code batchId} is already committed.
     */
    public void commitEmpty(long batchId) {
        if (batchId > latestBatchId()) {
            CLASSES.call(CLASSES.add, log, batchId, Array.newInstance(CLASSES.status, 0));
        }
    }

    /** The newest committed batch id, or -1. */
    @Override
    public long latestBatchId() {
        Option<?> latest = (Option<?>) CLASSES.call(CLASSES.getLatestBatchId, log);
        return latest.isDefined() ? (Long) latest.get() : -1L;
    }

    /**
     * Files committed by one batch (empty if the batch is not committed). Every 10th batch
     * ({@code spark.sql.streaming.fileSink.log.compactInterval}) Spark writes a compacted entry holding every file
     * committed so far; for such a batch the files of the batches before it are subtracted, so the result is always
     * exactly the batch's own files.
     */
    @Override
    public List<CommittedFile> batchFiles(long batchId) {
        List<CommittedFile> files = entry(batchId);
        if (files.isEmpty() || !isCompacted(batchId)) {
            return files;
        }
        // A compacted entry = the previous compacted entry + the deltas after it + this batch's files. Spark keeps
        // the previous compaction's inputs until the next compaction, so they are all readable here.
        Set<String> earlier = new HashSet<>();
        for (long b = batchId - 1; b >= 0; b--) {
            entry(b).forEach(f -> earlier.add(f.path()));
            if (isCompacted(b)) {
                break;
            }
        }
        return files.stream().filter(f -> !earlier.contains(f.path())).toList();
    }

    /** Every committed file (the log's compacted view). */
    @Override
    public List<CommittedFile> allFiles() {
        return files((Object[]) CLASSES.call(CLASSES.allFiles, log));
    }

    private List<CommittedFile> entry(long batchId) {
        Option<?> files = (Option<?>) CLASSES.call(CLASSES.get, log, batchId);
        return files.isDefined() ? files((Object[]) files.get()) : List.of();
    }

    private boolean isCompacted(long batchId) {
        Path p = new Path(metadataDir, batchId + ".compact");
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sink log " + metadataDir, e);
        }
    }

    private static List<CommittedFile> files(Object[] statuses) {
        List<CommittedFile> out = new ArrayList<>(statuses.length);
        for (Object s : statuses) {
            // The log stores paths URL-encoded (Spark's SparkPath); toFileStatus() decodes them into a Hadoop Path.
            FileStatus st = (FileStatus) CLASSES.call(CLASSES.toFileStatus, s);
            out.add(new CommittedFile(st.getPath().toString(), st.getLen()));
        }
        return out;
    }

    /** The sink classes of the running Spark and the members the adapter calls, resolved once. */
    private record Classes(Class<?> sink, Class<?> status, Constructor<?> sinkCtor, Constructor<?> logCtor,
                           int logVersion, Method addBatch, Method add, Method get, Method getLatestBatchId,
                           Method allFiles, Method toFileStatus) {
        static Classes find() {
            ClassLoader cl = FileSinkLog.class.getClassLoader();
            for (String pkg : PACKAGES) {
                try {
                    Class<?> sink = Class.forName(pkg + ".FileStreamSink", false, cl);
                    Class<?> log = Class.forName(pkg + ".FileStreamSinkLog", false, cl);
                    Class<?> status = Class.forName(pkg + ".SinkFileStatus", false, cl);
                    return new Classes(sink, status,
                            sink.getConstructor(SparkSession.class, String.class,
                                    org.apache.spark.sql.execution.datasources.FileFormat.class,
                                    scala.collection.immutable.Seq.class, scala.collection.immutable.Map.class),
                            log.getConstructor(int.class, SparkSession.class, String.class, Option.class),
                            (Integer) log.getMethod("VERSION").invoke(null),
                            sink.getMethod("addBatch", long.class, Dataset.class),
                            log.getMethod("add", long.class, Object.class),
                            log.getMethod("get", long.class),
                            log.getMethod("getLatestBatchId"),
                            log.getMethod("allFiles"),
                            status.getMethod("toFileStatus"));
                } catch (ClassNotFoundException e) {
                    // not this Spark version: try the next package
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Spark's file sink in " + pkg + " has an unexpected shape ("
                            + e + "); this Spark version is not supported (docs/streaming.md, Spark versions)", e);
                }
            }
            throw new IllegalStateException("Spark's FileStreamSink is in none of " + PACKAGES
                    + "; this Spark version is not supported (docs/streaming.md, Spark versions)");
        }

        Object newSink(Object... args) {
            return construct(sinkCtor, args);
        }

        Object newLog(SparkSession spark, String dir) {
            return construct(logCtor, logVersion, spark, dir, Option.empty());
        }

        private static Object construct(Constructor<?> c, Object... args) {
            try {
                return c.newInstance(args);
            } catch (InvocationTargetException e) {
                throw rethrow(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        Object call(Method m, Object target, Object... args) {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw rethrow(e);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The sink's own exception, unwrapped, so callers and Spark see what they saw before (incl. checked ones). */
        private static RuntimeException rethrow(InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            return sneaky(t);
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
            throw (T) t;
        }
    }
}
