package io.ghactivity.producer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Learns from the producer's acks where this run's records landed (the next offset after the last acked record of
 * each events-topic partition: what an {@link io.ghactivity.contracts.HourEndMarker} carries) and whether any send
 * failed. Callbacks run on the producer's I/O thread; reads happen after {@code flush()}, which returns only after
 * every callback of the flushed records has run.
 */
final class DeliveryTracker {
    private final Map<Integer, Long> endOffsets = new HashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /** Callback for records of the events topic: remembers the highest offset per partition. */
    final Callback events = (RecordMetadata md, Exception e) -> {
        if (e != null) {
            fail(e);
        } else {
            ack(md.partition(), md.offset());
        }
    };

    /** Callback for DLQ records: only failures matter. */
    final Callback dlq = (RecordMetadata md, Exception e) -> {
        if (e != null) {
            fail(e);
        }
    };

    private synchronized void ack(int partition, long offset) {
        endOffsets.merge(partition, offset + 1, Math::max);
    }

    private void fail(Exception e) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, e);
    }

    synchronized Map<Integer, Long> endOffsets() {
        return Map.copyOf(endOffsets);
    }

    long failures() {
        return failures.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }
}
