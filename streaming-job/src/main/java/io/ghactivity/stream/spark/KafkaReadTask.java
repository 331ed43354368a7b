package io.ghactivity.stream.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one pass-1 task reads from Kafka: offset ranges of distinct partitions, with the consumer settings Spark's
 * Kafka source would have used on an executor (bootstrap servers, security and MSK IAM settings, deserializers), and
 * the source's {@code failOnDataLoss}: whether records gone from the log stop the job or are skipped.
 */
record KafkaReadTask(List<OffsetRange> ranges, Map<String, Object> kafkaParams, long pollTimeoutMs, boolean failOnDataLoss)
        implements Serializable {

    KafkaReadTask(List<OffsetRange> ranges, Map<String, Object> kafkaParams, long pollTimeoutMs) {
        this(ranges, kafkaParams, pollTimeoutMs, true);
    }

    /** Offsets {@code [from, until)} of one topic partition. */
    record OffsetRange(String topic, int partition, long from, long until) implements Serializable {
        long size() {
            return until - from;
        }
    }
}
