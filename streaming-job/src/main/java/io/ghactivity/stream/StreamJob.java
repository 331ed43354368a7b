package io.ghactivity.stream;

import io.ghactivity.stream.spark.FileSinkLog;
import io.ghactivity.contracts.LakeLayout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: Kafka {@code gharchive.events} → {@code events/dt=…/hr=…} Parquet + rejects + completion manifests
 * + per-batch metrics, on a given Spark session (the CLI, the tests and the benchmark each bring theirs).
 *
 * <p>{@link #start()} checks the checkpoint against the lake, starts the query and, for interval triggers, a timer
 * that closes hours whose hour-end markers arrive while no batch runs. {@link #awaitDone()} waits for an
 * {@code available-now} run to finish and then closes what its last markers allow.
 */
public final class StreamJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamJob.class);
    /**
     * Parquet settings of {@code events/} files beyond the contract's zstd: every {@code id} and nearly every
     * {@code payload} is unique, so a dictionary for them is built only to be thrown away (hashing 4.5 KB values,
     * measured at ~10 % of the stream's time). Logins and repo names are nearly unique per row too: their
     * dictionary lookups were ~8 % of the stream's samples, and without them the files grow by 0.25 %. Min/max
     * statistics of JSON text serve no reader. Values, types and compression are unchanged.
     */
    static final Map<String, String> EVENT_WRITER_OPTIONS = Map.of(
            "parquet.enable.dictionary#id", "false",
            "parquet.enable.dictionary#payload", "false",
            "parquet.enable.dictionary#actor_login", "false",
            "parquet.enable.dictionary#repo_name", "false",
            "parquet.enable.dictionary#org_login", "false",
            "parquet.column.statistics.enabled#payload", "false");

    private final SparkSession spark;
    private final StreamConfig config;
    private final LakeFs fs;
    private ControlTopic control;
    private BatchProcessor processor;
    private MetricsLog metrics;
    private StreamingQuery query;
    private ScheduledExecutorService timer;

    public StreamJob(SparkSession spark, StreamConfig config) {
        this.spark = spark;
        this.config = config;
        this.fs = new LakeFs(spark.sparkContext().hadoopConfiguration());
    }

    public StreamingQuery start() throws TimeoutException {
        CheckpointGuard.check(fs, config);
        LakeLayout lake = config.lake();
        FileSinkLog events = new FileSinkLog(spark, lake.events(), List.of(LakeLayout.PARTITION_DATE, LakeLayout.PARTITION_HOUR),
                EVENT_WRITER_OPTIONS);
        FileSinkLog rejects = new FileSinkLog(spark, lake.rejects(), List.of(LakeRows.REASON), Map.of());
        Manifests manifests = new Manifests(lake, fs);
        control = new ControlTopic(config);
        metrics = new MetricsLog(fs, lake);
        processor = new BatchProcessor(spark, config, events, rejects, new StateLog(fs, config.checkpoint()), manifests,
                new HourCloser(config, events, manifests, control), metrics);

        Dataset<Row> kafka = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", config.bootstrap())
                .option("subscribe", config.topic())
                .option("startingOffsets", config.startingOffsets())
                // Bounded batches: memory stays flat however far behind the job starts (a month-long replay).
                .option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger())
                // A gap in the topic (retention deleted unread records) must stop the job, not skip events silently.
                .option("failOnDataLoss", "true")
                // Events up to Topics.MAX_EVENT_BYTES must be fetchable.
                .option("kafka.max.partition.fetch.bytes", Integer.toString(io.ghactivity.contracts.Topics.MAX_RECORD_BATCH_BYTES))
                // Socket receive buffer sized by the OS (Spark sets 64 KB): a fetch response of several MB keeps
                // arriving while the task works on the previous one, instead of stalling after 64 KB.
                .option("kafka.receive.buffer.bytes", "-1")
                .options(config.kafkaOptions())
                .load();
        VoidFunction2<Dataset<Row>, Long> body = (batch, id) -> processor.process(batch, id);
        query = kafka.writeStream().queryName("gh-activity-stream")
                .option("checkpointLocation", config.checkpoint())
                .trigger(config.trigger().toSpark())
                .foreachBatch(body)
                .start();
        LOG.info("stream {} started: {} → {} (checkpoint {}, trigger {}, maxOffsetsPerTrigger {}, allowed lateness {})",
                config.runId(), config.topic(), lake.root(), config.checkpoint(), config.trigger(),
                config.maxOffsetsPerTrigger(), config.allowedLateness());
        if (!config.trigger().availableNow()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gh-activity-hour-closer");
                t.setDaemon(true);
                return t;
            });
            long every = config.closeInterval().toMillis();
            timer.scheduleWithFixedDelay(this::closeIdleQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        return query;
    }

    /** Waits for an available-now run to end (rethrowing its failure), then closes hours its last markers allow. */
    public void awaitDone() throws StreamingQueryException {
        query.awaitTermination();
        processor.closeIdle();
    }

    /** Closes hours whose markers are covered by what is committed now; returns {@code hour@revision} written. */
    public List<String> closeIdle() {
        return processor.closeIdle();
    }

    private void closeIdleQuietly() {
        try {
            processor.closeIdle();
        } catch (RuntimeException e) {
            LOG.warn("idle hour check failed (retried at the next interval): {}", e.toString());
        }
    }

    public StreamingQuery query() {
        return query;
    }

    public List<BatchMetrics> metrics() {
        return metrics.recent();
    }

    public JobState state() {
        return processor.state();
    }

    @Override
    public void close() throws TimeoutException {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (query != null && query.isActive()) {
            query.stop();
        }
        if (control != null) {
            control.close();
        }
    }
}
