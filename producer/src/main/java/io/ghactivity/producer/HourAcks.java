package io.ghactivity.producer;

import org.apache.kafka.clients.producer.Callback;

/**
 * Counts one hour file's records in flight, so its marker can be written as soon as every one of them is acked —
 * while the next hour is already being sent, instead of stalling the pipeline on a {@code flush()} per hour.
 * Acks and failures are also reported to the run's {@link DeliveryTracker} (end offsets, first failure).
 */
final class HourAcks {
    private final DeliveryTracker tracker;
    private long pending;
    private boolean sealed;

    HourAcks(DeliveryTracker tracker) {
        this.tracker = tracker;
        this.events = (md, e) -> {
            tracker.events.onCompletion(md, e);
            done();
        };
        this.dlq = (md, e) -> {
            tracker.dlq.onCompletion(md, e);
            done();
        };
    }

    /** Called before each send of this hour. */
    synchronized void sending() {
        pending++;
    }

    private synchronized void done() {
        if (--pending == 0 && sealed) {
            notifyAll();
        }
    }

    /** No more records of this hour will be sent. */
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

    final Callback events;
    final Callback dlq;
}
