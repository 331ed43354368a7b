package io.ghactivity.stream.spark;

import io.ghactivity.stream.spark.KafkaReadTask.OffsetRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Pass 1 of a batch, per task: reads the task's offset ranges ({@link KafkaReadPlan}) with one consumer and hands
 * each record to a {@link ChunkFiller}. With several partitions assigned, the consumer fetches from one while the
 * task works on another's records.
 *
 * <p>Exactly the records Spark's source would have returned for the ranges, or a failure: offsets that are gone
 * (retention or a truncated log) are data loss, and the job stops, as the source does with the job's
 * {@code failOnDataLoss=true}; with {@code false} (docs/streaming.md, "Topic data lost") they are skipped with a
 * warning, as the source skips them. Offsets inside a range with no record (transaction markers, compaction) are skipped,
 * as the source skips them.
 */
final class KafkaRangeReader implements FlatMapFunction<Iterator<KafkaReadTask>, ValueChunk> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KafkaRangeReader.class);

    @Override
    public Iterator<ValueChunk> call(Iterator<KafkaReadTask> tasks) {
        return new FillingIterator() {
            private RangeConsumer reading;

            @Override
            protected boolean feed() {
                while (true) {
                    if (reading == null) {
                        if (!tasks.hasNext()) {
                            return false;
                        }
                        reading = new RangeConsumer(tasks.next());
                    }
                    if (reading.pollInto(filler)) {
                        return true;
                    }
                    reading.close();
                    reading = null;
                }
            }
        };
    }

    /** One consumer over one task's ranges; closed when they are read, or when the Spark task ends first. */
    static final class RangeConsumer implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<TopicPartition, Long> until = new LinkedHashMap<>();
        private final KafkaReadTask task;
        private long lastRecordNanos = System.nanoTime();
        private boolean closed;

        RangeConsumer(KafkaReadTask task) {
            this.task = task;
            Map<String, Object> params = new HashMap<>(task.kafkaParams());
            // Reading stops at each range's end and never commits; a missing offset must surface, not be reset.
            params.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
            params.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(params, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TaskContext context = TaskContext.get();
            if (context != null) {
                context.addTaskCompletionListener((TaskCompletionListener) ctx -> close());
            }
            for (OffsetRange r : task.ranges()) {
                if (r.size() > 0) {
                    until.put(new TopicPartition(r.topic(), r.partition()), r.until());
                }
            }
            consumer.assign(until.keySet());
            for (OffsetRange r : task.ranges()) {
                if (r.size() > 0) {
                    consumer.seek(new TopicPartition(r.topic(), r.partition()), r.from());
                }
            }
        }

        /** Adds the next polled records of the ranges to {@code filler}; false once every range has been read. */
        boolean pollInto(ChunkFiller filler) {
            if (until.isEmpty()) {
                return false;
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(Math.min(task.pollTimeoutMs(), 1_000)));
            } catch (OffsetOutOfRangeException e) {
                if (task.failOnDataLoss()) {
                    throw lost(e.offsetOutOfRangePartitions(), "they are no longer in the log (retention deleted them?)");
                }
                skipLost(e.offsetOutOfRangePartitions());
                return !until.isEmpty();
            }
            for (TopicPartition tp : records.partitions()) {
                long end = until.getOrDefault(tp, Long.MIN_VALUE);
                for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                    if (r.offset() >= end) {
                        break;
                    }
                    filler.add(tp.partition(), r.offset(), r.value());
                }
            }
            if (!records.isEmpty()) {
                lastRecordNanos = System.nanoTime();
            }
            List<TopicPartition> done = new ArrayList<>();
            for (Map.Entry<TopicPartition, Long> e : until.entrySet()) {
                if (consumer.position(e.getKey()) >= e.getValue()) {
                    done.add(e.getKey());
                }
            }
            finish(done);
            if (!until.isEmpty() && System.nanoTime() - lastRecordNanos > task.pollTimeoutMs() * 1_000_000) {
                stalled();
            }
            return !until.isEmpty();
        }

        /** No record within the poll timeout: a log that ends before the range does lost data; else Kafka is slow. */
        private void stalled() {
            Map<TopicPartition, Long> ends = consumer.endOffsets(until.keySet());
            Map<TopicPartition, Long> truncated = new HashMap<>();
            ends.forEach((tp, end) -> {
                if (end < until.get(tp)) {
                    truncated.put(tp, consumer.position(tp));
                }
            });
            if (!truncated.isEmpty()) {
                if (task.failOnDataLoss()) {
                    throw lost(truncated, "the log now ends before the batch's planned end (truncated?)");
                }
                LOG.warn("records of {} are gone (the log ends before the planned range); skipped (failOnDataLoss=false)",
                        truncated);
                finish(new ArrayList<>(truncated.keySet()));
                lastRecordNanos = System.nanoTime();
                return;
            }
            throw new IllegalStateException("Kafka returned no record of " + positions() + " within "
                    + task.pollTimeoutMs() + " ms (kafkaConsumer.pollTimeoutMs); is the broker reachable?");
        }

        /** failOnDataLoss=false: continue each partition at the oldest record still in the log (or end its range). */
        private void skipLost(Map<TopicPartition, Long> from) {
            Map<TopicPartition, Long> oldest = consumer.beginningOffsets(from.keySet());
            List<TopicPartition> done = new ArrayList<>();
            oldest.forEach((tp, first) -> {
                LOG.warn("records {} to {} of {} are gone from the log; skipped (failOnDataLoss=false)", from.get(tp),
                        first - 1, tp);
                if (first >= until.get(tp)) {
                    done.add(tp);
                } else {
                    consumer.seek(tp, first);
                }
            });
            finish(done);
        }

        private static IllegalStateException lost(Map<TopicPartition, Long> from, String why) {
            return new IllegalStateException("Kafka records of the batch's planned ranges are gone from " + from + ": "
                    + why + ". Events may be lost; the job stops rather than skip them (failOnDataLoss).");
        }

        private void finish(List<TopicPartition> done) {
            if (!done.isEmpty()) {
                consumer.pause(done);
                done.forEach(until::remove);
            }
        }

        private String positions() {
            Map<String, String> at = new LinkedHashMap<>();
            until.forEach((tp, end) -> at.put(tp.toString(), consumer.position(tp) + " of " + end));
            return at.toString();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                consumer.close(Duration.ZERO);
            }
        }
    }
}
