package io.ghactivity.stream.spark;

import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.Topics;
import io.ghactivity.stream.core.BatchMetrics;
import io.ghactivity.stream.core.ClosedHour;
import io.ghactivity.stream.core.Continuation;
import io.ghactivity.stream.core.ControlTopic;
import io.ghactivity.stream.core.HourCloser;
import io.ghactivity.stream.core.JobState;
import io.ghactivity.stream.core.LakeFs;
import io.ghactivity.stream.core.LakeLease;
import io.ghactivity.stream.core.Manifests;
import io.ghactivity.stream.core.MetricsLog;
import io.ghactivity.stream.core.S3Failure;
import io.ghactivity.stream.core.StateLog;
import io.ghactivity.stream.core.StreamConfig;
import io.ghactivity.stream.core.TopicGuard;
import io.ghactivity.stream.core.TriggerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.apache.spark.sql.streaming.Trigger;
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
    /** Spark setting: seconds the lake lease lives without renewal (default 60; a restart after a crash waits up to this). */
    public static final String LEASE_SECONDS = "spark.ghactivity.stream.leaseSeconds";
    /** Spark setting: false continues past records gone from the topic (skipped, with a warning); default true. */
    public static final String FAIL_ON_DATA_LOSS = "spark.ghactivity.stream.failOnDataLoss";
    /**
     * Parquet settings of {@code events/} files beyond the contract's zstd: every {@code id} and nearly every
     * {@code payload} is unique, so a dictionary for them is built only to be thrown away (hashing 4.5 KB values,
     * measured at ~10 % of the stream's time). Logins and repo names are nearly unique per row too: their
     * dictionary lookups were ~8 % of the stream's samples, and without them the files grow by 0.25 %. Min/max
     * statistics of JSON text serve no reader. Values, types and compression are unchanged.
     */
    public static final Map<String, String> EVENT_WRITER_OPTIONS = Map.of(
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
    private boolean ownsSession;
    private LakeLease lease;
    private ScheduledExecutorService leaseTimer;
    private TopicGuard topics;
    private String continueFrom;
    private Continuation continuation = Continuation.NONE;

    /** The job failed: Spark's query exception, with the job's own type so callers need no Spark import. */
    public static final class Failed extends Exception {
        private final String s3Failure;

        Failed(Throwable cause, String s3Failure) {
            super(cause.getMessage(), cause);
            this.s3Failure = s3Failure;
        }

        /** When S3 is what failed: one sentence naming S3, its endpoint and the s3a retry budget ({@link S3Failure}). */
        public Optional<String> s3Failure() {
            return Optional.ofNullable(s3Failure);
        }
    }

    /** A job on a new Spark session ({@link SparkSessions#create}), stopped when the job is closed. */
    public static StreamJob onNewSession(String master, Map<String, String> sparkConf, StreamConfig config) {
        StreamJob job = new StreamJob(SparkSessions.create(master, sparkConf), config);
        job.ownsSession = true;
        return job;
    }

    public StreamJob(SparkSession spark, StreamConfig config) {
        this.spark = spark;
        this.config = config;
        this.fs = new LakeFs(spark.sparkContext().hadoopConfiguration());
    }

    /**
     * Makes this job's new checkpoint continue the lake that {@code oldCheckpoint} wrote ({@link Continuation}): the
     * way on after the events topic was deleted and created again. Call before {@link #start()}.
     */
    public StreamJob continueFrom(String oldCheckpoint) {
        this.continueFrom = oldCheckpoint;
        return this;
    }

    public StreamingQuery start() throws TimeoutException {
        Continuation.refuseIfReplaced(fs, config.checkpoint());
        Continuation recorded = Continuation.of(fs, config.checkpoint());
        CheckpointGuard.check(fs, config, continueFrom != null || recorded.continues());
        topics = new TopicGuard(fs, config);
        if (continueFrom == null) {
            topics.check(); // a recreated topic stops the start here, before anything is read
        }
        LakeLayout lake = config.lake();
        LakeLease.Claim claim = LakeLease.claim(fs, lake.root(), LakeLease.ownerName(config.runId()),
                Duration.ofSeconds(Long.parseLong(spark.conf().get(LEASE_SECONDS, "60"))));
        // Start-up work that writes nothing to the lake runs during the claim's confirmation pause (≥ 250 ms, more
        // in a cold JVM, whose first file reads and writes are slow): the control topic's consumer and the Kafka
        // source's DataFrame, which load and initialise their classes.
        control = new ControlTopic(config);
        Dataset<Row> kafka = kafkaSource();
        lease = claim.confirm();
        leaseTimer = daemonTimer("gh-activity-lake-lease");
        long renewEvery = Math.max(1, lease.ttl().toMillis() / 3);
        leaseTimer.scheduleWithFixedDelay(this::renewLease, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        FileSinkLog events = new FileSinkLog(spark, lake.events(), List.of(LakeLayout.PARTITION_DATE, LakeLayout.PARTITION_HOUR),
                EVENT_WRITER_OPTIONS);
        FileSinkLog rejects = new FileSinkLog(spark, lake.rejects(), List.of(LakeRows.REASON), Map.of());
        if (continueFrom != null) {
            // Under the lease: no other job commits to the lake while the base batch id is taken from its logs.
            continuation = Continuation.begin(fs, config, continueFrom, events, rejects, topics.current());
            topics.check();
            // The old job may have died between a batch's events and rejects commits; the batch is never re-run now,
            // and a sink log's compaction fails on a missing batch id: commit the gap empty.
            for (FileSinkLog log : List.of(events, rejects)) {
                for (long b = log.latestBatchId() + 1; b < continuation.lakeBatchBase(); b++) {
                    log.commitEmpty(b);
                }
            }
        } else {
            continuation = recorded;
        }
        Manifests manifests = new Manifests(lake, fs);
        metrics = new MetricsLog(fs, lake);
        processor = new BatchProcessor(spark, config, events, rejects, new StateLog(fs, config.checkpoint()), manifests,
                new HourCloser(config, events, manifests, control), metrics);

        VoidFunction2<Dataset<Row>, Long> body = (batch, id) -> {
            lease.check(); // never commit a batch into a lake another job has taken over
            topics.check(); // nor read a recreated topic with the old topic's offsets
            // Spark's batch id → the lake's: they differ when this checkpoint continues a lake (Continuation).
            processor.process(batch, continuation.lakeBatchId(id));
        };
        query = kafka.writeStream().queryName("gh-activity-stream")
                .option("checkpointLocation", config.checkpoint())
                .trigger(trigger(config.trigger()))
                .foreachBatch(body)
                .start();
        LOG.info("stream {} started: {} → {} (checkpoint {}, trigger {}, maxOffsetsPerTrigger {}, allowed lateness {}{})",
                config.runId(), config.topic(), lake.root(), config.checkpoint(), config.trigger(),
                config.maxOffsetsPerTrigger(), config.allowedLateness(), continuation.continues()
                        ? ", continuing " + continuation.continuedFrom() + ": lake batch = " + continuation.lakeBatchBase()
                        + " + Spark batch" : "");
        if (!config.trigger().availableNow()) {
            timer = daemonTimer("gh-activity-hour-closer");
            long every = config.closeInterval().toMillis();
            timer.scheduleWithFixedDelay(this::closeIdleQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        return query;
    }

    /** The Kafka source, as Spark plans it (nothing is read until the query starts). */
    private Dataset<Row> kafkaSource() {
        return spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", config.bootstrap())
                .option("subscribe", config.topic())
                .option("startingOffsets", config.startingOffsets())
                // Bounded batches: memory stays flat however far behind the job starts (a month-long replay).
                .option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger())
                // A gap in the topic (retention deleted unread records, a recreated topic) stops the job rather than
                // skip events silently; FAIL_ON_DATA_LOSS=false is the documented way to continue past one.
                .option("failOnDataLoss", spark.conf().get(FAIL_ON_DATA_LOSS, "true"))
                // Events up to Topics.MAX_EVENT_BYTES must be fetchable.
                .option("kafka.max.partition.fetch.bytes", Integer.toString(Topics.MAX_RECORD_BATCH_BYTES))
                // Socket receive buffer sized by the OS (Spark sets 64 KB): a fetch response of several MB keeps
                // arriving while the task works on the previous one, instead of stalling after 64 KB.
                .option("kafka.receive.buffer.bytes", "-1")
                .options(config.kafkaOptions())
                .load();
    }

    /** Waits for an available-now run to end (rethrowing its failure), then closes hours its last markers allow. */
    public void awaitDone() throws Failed {
        awaitTermination();
        processor.closeIdle();
    }

    /** Waits until the query stops (a live run: until {@link #close} or a failure, rethrown). */
    public void awaitTermination() throws Failed {
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            var hadoop = spark.sparkContext().hadoopConfiguration();
            throw new Failed(e, S3Failure.describe(e, k -> hadoop.get("fs.s3a." + k)).orElse(null));
        }
    }

    /** Closes hours whose markers are covered by what is committed now; returns the hours closed. */
    public List<ClosedHour> closeIdle() {
        return processor.closeIdle();
    }

    private void closeIdleQuietly() {
        try {
            processor.closeIdle();
        } catch (RuntimeException e) {
            LOG.warn("idle hour check failed (retried at the next interval): {}", e.toString());
        }
    }

    private static ScheduledExecutorService daemonTimer(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Renews the lake lease; a lost lease stops the query (nothing more is committed), a failed write is retried. */
    private void renewLease() {
        try {
            lease.renew();
        } catch (IllegalStateException e) {
            LOG.error("{}", e.getMessage());
            leaseTimer.shutdown();
            try {
                if (query != null) {
                    query.stop();
                }
            } catch (TimeoutException stopFailed) {
                LOG.error("the query did not stop: {}", stopFailed.toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("lake lease renewal failed (retried in {} s): {}", lease.ttl().toSeconds() / 3, e.toString());
        }
    }

    private static Trigger trigger(TriggerSpec spec) {
        return spec.availableNow() ? Trigger.AvailableNow() : Trigger.ProcessingTime(spec.interval().toMillis());
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
        if (topics != null) {
            topics.close();
        }
        if (leaseTimer != null) {
            leaseTimer.shutdownNow();
        }
        if (lease != null) {
            lease.close();
        }
        if (ownsSession) {
            spark.stop();
        }
    }
}
