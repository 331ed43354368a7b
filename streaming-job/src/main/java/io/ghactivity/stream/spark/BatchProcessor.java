package io.ghactivity.stream.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.stream.core.BatchMetrics;
import io.ghactivity.stream.core.BatchPlan;
import io.ghactivity.stream.core.BatchStats;
import io.ghactivity.stream.core.ClosedHour;
import io.ghactivity.stream.core.CommittedFile;
import io.ghactivity.stream.core.Envelopes;
import io.ghactivity.stream.core.HourCloser;
import io.ghactivity.stream.core.IdIndex;
import io.ghactivity.stream.core.JobState;
import io.ghactivity.stream.core.LongSet;
import io.ghactivity.stream.core.Manifests;
import io.ghactivity.stream.core.MetricsLog;
import io.ghactivity.stream.core.OffsetSet;
import io.ghactivity.stream.core.StateLog;
import io.ghactivity.stream.core.StreamConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The body of {@code foreachBatch}: one micro-batch of Kafka records → committed lake files, manifests, metrics, state.
 *
 * <ol>
 *   <li>pass 1, light: the batch's offset ranges, as Spark's source planned them, read by the job's own consumers
 *       ({@link KafkaRangeReader}); each value copied once into {@link ValueChunk}s and judged there
 *       ({@link ChunkFiller}); only its verdict, id and hour ({@link Envelopes}) go to the driver. From them: the
 *       counts, the touched hours and the records to drop — repeats of an id within the batch (the first wins) and
 *       ids already committed in their hour ({@link IdIndex}: exact at any lateness, unlike a watermark-bounded state
 *       store);</li>
 *   <li>pass 2: parse exactly the records pass 1 kept, once each, in place in the chunks ({@link ChunkEventParser}),
 *       and commit them through Spark's file sink (a replayed batch id is skipped there); rejects
 *       ({@link LakeRowParser}, with the validator's detail) read again from Kafka only when pass 1 saw some, and only
 *       those;</li>
 *   <li>count what the batch committed from its own sink-log entry, close due hours, write metrics and state.</li>
 * </ol>
 * The driver keeps only pass 1's ~30-byte envelopes. The chunks are cached between the two passes
 * ({@code MEMORY_ONLY}, released after pass 2, bounded by {@code maxOffsetsPerTrigger}; off with
 * {@value #CACHE_BATCH}{@code =false}): cheaper than reading Kafka twice. Neither pass uses {@code Row}s, because
 * every {@code Row} read of a 4.6 KB value was a fresh copy (docs/streaming.md).
 */
final class BatchProcessor {
    private static final StructType OFFSETS = new StructType()
            .add("drop_p", DataTypes.IntegerType, false).add("drop_o", DataTypes.LongType, false);
    /** Spark setting: keep a batch's Kafka values in memory between the passes (default true; ~4.6 KB per event). */
    static final String CACHE_BATCH = "spark.ghactivity.stream.cacheBatch";
    /** Spark setting: pass 1 reads the batch's offset ranges with its own consumers (default true; see pass1). */
    static final String READ_KAFKA_DIRECTLY = "spark.ghactivity.stream.readKafkaDirectly";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchProcessor.class);
    private final SparkSession spark;
    private final StreamConfig config;
    private final FileSinkLog events;
    private final FileSinkLog rejects;
    private final StateLog stateLog;
    private final Manifests manifests;
    private final HourCloser closer;
    private final MetricsLog metrics;
    private final IdIndex ids;
    private final boolean cacheBatch;
    private final boolean readKafkaDirectly;
    private boolean warnedNoRanges;
    private JobState current;

    BatchProcessor(SparkSession spark, StreamConfig config, FileSinkLog events, FileSinkLog rejects, StateLog stateLog,
                   Manifests manifests, HourCloser closer, MetricsLog metrics) {
        this.spark = spark;
        this.config = config;
        this.events = events;
        this.rejects = rejects;
        this.stateLog = stateLog;
        this.manifests = manifests;
        this.closer = closer;
        this.metrics = metrics;
        this.ids = new IdIndex(new ParquetIds(spark), events);
        this.cacheBatch = Boolean.parseBoolean(spark.conf().get(CACHE_BATCH, "true"));
        this.readKafkaDirectly = Boolean.parseBoolean(spark.conf().get(READ_KAFKA_DIRECTLY, "true"));
        this.current = stateLog.latest();
    }

    /**
     * One micro-batch, in named steps: pass 1 reads and judges every record, the plan decides (on the driver) what to
     * write, pass 2 writes the events, then the rejects, and the bookkeeping counts what the sink committed, closes
     * hours and records metrics and state.
     */
    synchronized void process(Dataset<Row> kafka, long batchId) {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        JobState base = stateLog.before(batchId);
        boolean replayed = events.latestBatchId() >= batchId;
        // The batch's values stay in memory from pass 1 to pass 2 (MEMORY_ONLY: a chunk that does not fit is read
        // from Kafka again — the same offsets, the same verdicts — so this trades memory for a Kafka read, never
        // correctness).
        JavaRDD<ValueChunk> chunks = pass1(kafka);
        if (cacheBatch) {
            chunks = chunks.persist(StorageLevel.MEMORY_ONLY());
        }
        BatchStats stats;
        BatchPlan plan;
        long tStats;
        long tPlan;
        try {
            List<Envelopes> envelopes = judge(chunks);
            stats = BatchStats.of(envelopes, base.maxEventMillis(), BatchStats.highMarkStep(config.allowedLateness()));
            tStats = System.nanoTime();
            ids.load(stats.validHours());
            plan = BatchPlan.of(envelopes, ids);
            tPlan = System.nanoTime();
            writeEvents(batchId, chunks, plan.drop());
        } finally {
            chunks.unpersist(false);
        }
        long tEvents = System.nanoTime();
        writeRejects(batchId, kafka, plan.rejected());
        LOG.info("batch {} phases (ms): pass 1 + stats {}, dedup plan {}, events {}, rejects {}", batchId,
                (tStats - t0) / 1_000_000, (tPlan - tStats) / 1_000_000, (tEvents - tPlan) / 1_000_000,
                (System.nanoTime() - tEvents) / 1_000_000);
        bookkeeping(batchId, base, stats, plan, replayed, started, t0);
    }

    /** Pass 1 (light): verdict, id and hour of every record, ~30 bytes each, collected to the driver. */
    private static List<Envelopes> judge(JavaRDD<ValueChunk> chunks) {
        return chunks.map(c -> c.envelopes().trimmed()).collect();
    }

    /**
     * Pass 2: exactly the valid events pass 1 kept — its verdicts and the plan decide — each parsed once and committed
     * through the sink (a no-op for a batch id it already committed).
     */
    private void writeEvents(long batchId, JavaRDD<ValueChunk> chunks, OffsetSet drop) {
        Broadcast<OffsetSet> dropped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(drop);
        try {
            JavaRDD<InternalRow> rows = chunks.mapPartitions(new ChunkEventParser(dropped));
            events.addBatch(batchId, ((org.apache.spark.sql.classic.SparkSession) spark)
                    .internalCreateDataFrame(rows.rdd(), LakeRows.LAKE, false));
        } finally {
            dropped.destroy();
        }
    }

    /**
     * Rejects are rare: the batch is read from Kafka again only when pass 1 found some, and only those are parsed. The
     * sink still gets every batch id (an empty entry otherwise), because its log compaction expects no gaps.
     */
    private void writeRejects(long batchId, Dataset<Row> kafka, List<BatchPlan.Coordinate> rejected) {
        if (rejected.isEmpty()) {
            rejects.commitEmpty(batchId);
            return;
        }
        List<Row> offsets = rejected.stream().map(c -> RowFactory.create(c.partition(), c.offset())).toList();
        Dataset<Row> rejectRows = byOffsets(kafka.select("key", "value", "partition", "offset", "timestamp"),
                offsets, "left_semi")
                .mapPartitions(new LakeRowParser(), Encoders.row(LakeRows.PARSED))
                .filter(col(LakeRows.REASON).isNotNull());
        rejects.addBatch(batchId, rejectRows.select(columns(List.of(LakeRows.REJECT.fieldNames()))));
    }

    /**
     * After the commit: rows per hour from the batch's own sink-log entry (hours already closed get late rows and
     * re-open), the ids committed, hours closed, metrics and state written.
     */
    private void bookkeeping(long batchId, JobState base, BatchStats stats, BatchPlan plan, boolean replayed,
                             Instant started, long t0) {
        Map<GhArchiveHour, Long> written = rowsPerHour(events.batchFiles(batchId));
        long rowsWritten = written.values().stream().mapToLong(Long::longValue).sum();
        long late = 0;
        List<GhArchiveHour> reopened = new ArrayList<>();
        SortedSet<GhArchiveHour> open = new TreeSet<>(base.openHours());
        for (Map.Entry<GhArchiveHour, Long> e : written.entrySet()) {
            if (base.closedRevisions().containsKey(e.getKey())) {
                late += e.getValue();
                reopened.add(e.getKey());
            } else {
                open.add(e.getKey());
            }
        }
        JobState advanced = new JobState(batchId, Math.max(base.maxEventMillis(), stats.highMarkMillis()),
                stats.advance(base.positions()), base.controlOffsets(), base.pendingMarkers(), open,
                base.closedRevisions());
        plan.kept().forEach(k -> ids.add(k.hour(), k.id()));
        HourCloser.Closed closed = closer.closeDue(advanced, reopened);
        closed.written().forEach(h -> ids.forget(h.hour()));
        Long wm = closed.state().watermarkMillis(config.allowedLateness().toMillis());
        metrics.write(new BatchMetrics(config.runId(), batchId, started.toString(), (System.nanoTime() - t0) / 1_000_000,
                stats.rowsIn(), stats.validRows(), rowsWritten,
                replayed ? stats.validRows() - rowsWritten : plan.drop().size(), late, stats.rejects(),
                stats.rejectsByReason(), iso(closed.state().maxEventMillis()), iso(wm),
                closed.written().stream().map(ClosedHour::toString).toList(), closed.state().openHours().size(),
                replayed));
        stateLog.write(closed.state());
        current = closed.state();
    }

    /** Closes hours whose markers arrived while no batch ran (called periodically and at the end of a run). */
    synchronized List<ClosedHour> closeIdle() {
        HourCloser.Closed closed = closer.closeDue(current, List.of());
        if (!closed.written().isEmpty() || !closed.state().controlOffsets().equals(current.controlOffsets())) {
            stateLog.write(closed.state());
            current = closed.state();
        }
        return closed.written();
    }

    synchronized JobState state() {
        return current;
    }

    private Map<GhArchiveHour, Long> rowsPerHour(List<CommittedFile> files) {
        Map<GhArchiveHour, Long> rows = new TreeMap<>();
        for (CommittedFile f : files) {
            long n = manifests.stats(f.path()).rows();
            if (n > 0) {
                rows.merge(CommittedFile.hourOf(f.path()), n, Long::sum);
            }
        }
        return rows;
    }

    /**
     * Pass 1's chunks: the batch's offset ranges read by the job's own consumers ({@link KafkaReadPlan}), or, when
     * the plan does not show them or {@value #READ_KAFKA_DIRECTLY}{@code =false}, the rows of Spark's source.
     */
    private JavaRDD<ValueChunk> pass1(Dataset<Row> kafka) {
        RDD<InternalRow> rows = KafkaReadPlan.sourceRows(kafka);
        Optional<List<KafkaReadTask>> tasks = readKafkaDirectly
                ? KafkaReadPlan.of(rows, spark.sparkContext().defaultParallelism()) : Optional.empty();
        if (tasks.isPresent()) {
            return JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(tasks.get(), Math.max(1, tasks.get().size())).mapPartitions(new KafkaRangeReader());
        }
        if (readKafkaDirectly && !warnedNoRanges) {
            warnedNoRanges = true;
            LOG.warn("the batch plan does not show Kafka offset ranges (another Spark version?); pass 1 reads the rows "
                    + "of Spark's Kafka source instead, which is slower (docs/performance.md)");
        }
        return rows.toJavaRDD().mapPartitions(new ValuePacker(kafka.schema()));
    }

    /** The records of {@code records} whose (partition, offset) is in {@code offsets}: a broadcast join. */
    private Dataset<Row> byOffsets(Dataset<Row> records, List<Row> offsets, String joinType) {
        Dataset<Row> d = spark.createDataFrame(offsets, OFFSETS);
        return records.join(broadcast(d), records.col("partition").equalTo(d.col("drop_p"))
                .and(records.col("offset").equalTo(d.col("drop_o"))), joinType);
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(n -> col(n)).toArray(Column[]::new);
    }

    private static String iso(Long millis) {
        return millis == null || millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis).toString();
    }
}
