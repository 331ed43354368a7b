package io.ghactivity.producer;

import io.ghactivity.contracts.Topics;

/**
 * The sizes a replay uses for an events topic that accepts record batches up to {@code maxMessageBytes}. Our own
 * topics take {@link Topics#MAX_RECORD_BATCH_BYTES}, so nothing changes for them; a topic created elsewhere with a
 * smaller limit (Kafka's default is 1 MB) would otherwise refuse large events, and Kafka's client answers a refused
 * batch larger than the limit by splitting it into batches of {@code batch.size} — forever, when {@code batch.size}
 * is not below the limit. So batches are cut at half the limit, and an event that cannot fit goes to the DLQ as
 * {@code oversized} before it is sent.
 *
 * @param maxEventBytes the largest event sent; room is left for key, headers, batch framing and incompressible data
 * @param batchBytes    the producer's {@code batch.size}
 */
record TopicLimits(int maxMessageBytes, int maxEventBytes, int batchBytes) {
    private static final int RECORD_OVERHEAD_BYTES = 1024;

    static TopicLimits of(int maxMessageBytes) {
        int maxEvent = Math.min(Topics.MAX_EVENT_BYTES, maxMessageBytes - maxMessageBytes / 100 - RECORD_OVERHEAD_BYTES);
        int batch = Math.min(KafkaSettings.BATCH_BYTES, Math.max(16 * 1024, maxMessageBytes / 2));
        return new TopicLimits(maxMessageBytes, maxEvent, batch);
    }

    /** Whether this topic is stricter than the ones the replay creates. */
    boolean belowOurs() {
        return maxEventBytes < Topics.MAX_EVENT_BYTES || batchBytes < KafkaSettings.BATCH_BYTES;
    }
}
