package io.ghactivity.stream.spark;

import io.ghactivity.stream.spark.KafkaReadTask.OffsetRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apache.spark.Dependency;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.datasources.v2.DataSourceRDD;
import org.apache.spark.sql.kafka010.KafkaBatchInputPartition;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Pass 1's reading plan for a micro-batch: the offset ranges Spark's Kafka source planned (and checkpointed) for the
 * batch, regrouped so that each task reads several partitions with one consumer.
 *
 * <p>Why not let the source read them: its tasks read one partition each, and a consumer with one partition does its
 * network I/O only inside {@code poll()}, so fetching and pass 1's work take turns (the source alone needed 2.5 s per
 * 200k events on two cores; one consumer per task over two partitions, 1.5 s — docs/performance.md). The offsets
 * stay the source's: Spark still plans, checkpoints and commits them, and a re-run batch reads the same ranges.
 *
 * <p>The ranges are taken from the batch's RDD, which must be the source's partitions mapped one to one (the job's
 * {@code foreachBatch} gets the Kafka source with no operator in between). When the plan does not have that shape —
 * another Spark version, another source — {@link #of} finds nothing and the batch is read through the source's rows.
 */
final class KafkaReadPlan {
    /** A range is split for idle cores only down to this many records: below it a consumer's start costs more. */
    static final long MIN_SPLIT_RECORDS = 10_000;

    private KafkaReadPlan() {
    }

    /** The tasks to read {@code batch}'s records with at most {@code parallelism} tasks, or empty (see the class). */
    static Optional<List<KafkaReadTask>> of(RDD<?> batch, int parallelism) {
        DataSourceRDD source = sourceOf(batch);
        if (source == null) {
            return Optional.empty();
        }
        List<KafkaBatchInputPartition> inputs = new ArrayList<>();
        for (Partition p : source.partitions()) {
            List<InputPartition> parts = DataSourcePartitions.of(p);
            if (parts == null || parts.isEmpty()) {
                return Optional.empty();
            }
            for (InputPartition part : parts) {
                if (!(part instanceof KafkaBatchInputPartition k)) {
                    return Optional.empty();
                }
                inputs.add(k);
            }
        }
        if (inputs.isEmpty()) {
            return Optional.of(List.of());
        }
        Optional<List<OffsetRange>> ranges = perPartition(inputs);
        if (ranges.isEmpty()) {
            return Optional.empty();
        }
        KafkaBatchInputPartition first = inputs.get(0);
        Map<String, Object> params = new HashMap<>(first.executorKafkaParams());
        List<KafkaReadTask> tasks = new ArrayList<>();
        for (List<OffsetRange> group : group(split(ranges.get(), parallelism), parallelism)) {
            tasks.add(new KafkaReadTask(group, params, first.pollTimeoutMs(), first.failOnDataLoss()));
        }
        return Optional.of(tasks);
    }

    /**
     * The batch's Kafka rows as Spark's source produced them. {@code foreachBatch} hands over a DataFrame over the
     * micro-batch's RDD, whose scan would copy every row (every 4.6 KB value twice) into a new one; the RDD itself is
     * read when the plan is that plain wrapper, and the DataFrame's own rows otherwise.
     */
    static RDD<InternalRow> sourceRows(Dataset<Row> kafka) {
        QueryExecution qe = ((org.apache.spark.sql.classic.Dataset<Row>) kafka).queryExecution();
        return qe.logical() instanceof LogicalRDD scan ? scan.rdd() : qe.toRdd();
    }

    /** The {@link DataSourceRDD} under a chain of one-to-one dependencies, or null. */
    private static DataSourceRDD sourceOf(RDD<?> rdd) {
        int partitions = rdd.getNumPartitions();
        while (!(rdd instanceof DataSourceRDD)) {
            List<Dependency<?>> deps = CollectionConverters.asJava(rdd.dependencies());
            if (deps.size() != 1 || !(deps.get(0) instanceof OneToOneDependency<?> d)) {
                return null;
            }
            rdd = d.rdd();
        }
        return rdd.getNumPartitions() == partitions ? (DataSourceRDD) rdd : null;
    }

    /**
     * One range per topic partition: the source may split a partition's range (its {@code minPartitions}), and one
     * consumer cannot read a partition at two positions. Empty when a partition's ranges are not contiguous.
     */
    private static Optional<List<OffsetRange>> perPartition(List<KafkaBatchInputPartition> inputs) {
        Map<String, List<OffsetRange>> byPartition = new TreeMap<>();
        for (KafkaBatchInputPartition k : inputs) {
            var r = k.offsetRange();
            OffsetRange range = new OffsetRange(r.topicPartition().topic(), r.topicPartition().partition(),
                    r.fromOffset(), r.untilOffset());
            byPartition.computeIfAbsent(range.topic() + "-" + range.partition(), x -> new ArrayList<>()).add(range);
        }
        List<OffsetRange> merged = new ArrayList<>();
        for (List<OffsetRange> parts : byPartition.values()) {
            parts.sort(Comparator.comparingLong(OffsetRange::from));
            OffsetRange whole = parts.get(0);
            for (OffsetRange next : parts.subList(1, parts.size())) {
                if (next.from() != whole.until()) {
                    return Optional.empty();
                }
                whole = new OffsetRange(whole.topic(), whole.partition(), whole.from(), next.until());
            }
            if (whole.size() > 0) {
                merged.add(whole);
            }
        }
        return Optional.of(merged);
    }

    /**
     * While there are fewer ranges than cores, halves the largest (down to {@link #MIN_SPLIT_RECORDS}); a split
     * partition is then read by two tasks, each alone in its task.
     */
    static List<OffsetRange> split(List<OffsetRange> ranges, int parallelism) {
        List<OffsetRange> out = new ArrayList<>(ranges);
        while (out.size() < parallelism) {
            OffsetRange largest = out.stream().max(Comparator.comparingLong(OffsetRange::size)).orElse(null);
            if (largest == null || largest.size() < 2 * MIN_SPLIT_RECORDS) {
                break;
            }
            long middle = largest.from() + largest.size() / 2;
            out.remove(largest);
            out.add(new OffsetRange(largest.topic(), largest.partition(), largest.from(), middle));
            out.add(new OffsetRange(largest.topic(), largest.partition(), middle, largest.until()));
        }
        return out;
    }

    /** Largest range first into the task with the fewest records: at most {@code parallelism} balanced tasks. */
    static List<List<OffsetRange>> group(List<OffsetRange> ranges, int parallelism) {
        int tasks = Math.min(Math.max(1, parallelism), ranges.size());
        PriorityQueue<Bin> bins = new PriorityQueue<>(Comparator.comparingLong(Bin::records));
        for (int i = 0; i < tasks; i++) {
            bins.add(new Bin(new ArrayList<>(), 0));
        }
        List<OffsetRange> bySize = new ArrayList<>(ranges);
        bySize.sort(Comparator.comparingLong(OffsetRange::size).reversed());
        for (OffsetRange r : bySize) {
            Bin b = bins.poll();
            b.ranges().add(r);
            bins.add(new Bin(b.ranges(), b.records() + r.size()));
        }
        return bins.stream().map(Bin::ranges).toList();
    }

    private record Bin(List<OffsetRange> ranges, long records) {
    }
}
