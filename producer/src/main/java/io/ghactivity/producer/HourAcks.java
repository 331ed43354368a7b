package io.ghactivity.producer;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Counts one hour file's records in flight, so its marker can be written as soon as every one of them is acked —
 * while the next hour is already being sent, instead of stalling the pipeline on a {@code flush()} per hour.
 * Acks and failures are also reported to the run's {@link DeliveryTracker} (end offsets, first failure).
 */
final class HourAcks {
    private final DeliveryTracker tracker;
    private final AtomicLong refused = new AtomicLong();
    private long pending;
    private boolean sealed;

    HourAcks(DeliveryTracker tracker) {
        this.tracker = tracker;
        this.dlq = (md, e) -> {
            tracker.dlq.onCompletion(md, e);
            released();
        };
    }

    /** Called before each send of this hour (and before each re-send, see {@link Refusals}). */
    synchronized void sending() {
        pending++;
    }

    /** An event of this hour is acked or has finally failed. */
    void eventCompleted(RecordMetadata md, Exception e) {
        tracker.events.onCompletion(md, e);
        released();
    }

    /** A send of this hour is finished with, whatever its outcome. */
    synchronized void released() {
        if (--pending == 0 && sealed) {
            notifyAll();
        }
    }

    /** An event of this hour was refused by the broker and re-routed to the DLQ. */
    void refused() {
        refused.incrementAndGet();
    }

    /** Events of this hour counted as sent that the broker refused (they are in the DLQ instead). */
    long refusedCount() {
        return refused.get();
    }

    /** No more records of this hour will be sent (re-sends of refused batches excepted). */
    synchronized void seal() {
        sealed = true;
        notifyAll();
    }

    /** Blocks until the hour is sealed and every record of it is acked or failed. */
    synchronized void awaitAll() throws InterruptedException {
        while (!sealed || pending > 0) {
            wait();
        }
    }

    final Callback dlq;
}
