package io.ghactivity.producer;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.producer.source.HourSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Closes hours in order on its own thread: waits until every record of the hour is acked, checks that none failed,
 * sends the {@link HourEndMarker} with the acked end offsets, waits for its ack, then records the hour as delivered.
 * At most {@link #AHEAD} hours are open at once, which bounds how far sending runs ahead of the markers.
 */
final class MarkerWriter implements AutoCloseable {
    static final int AHEAD = 2;

    private final Producer<byte[], byte[]> producer;
    private final DeliveryTracker tracker;
    private final ReplayState state;
    private final HourSource source;
    private final ReplayCounters counters;
    private final String topic;
    private final String runId;
    private final Duration ackTimeout;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "replay-markers");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore open = new Semaphore(AHEAD);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    final AtomicLong delivered = new AtomicLong();

    MarkerWriter(Producer<byte[], byte[]> producer, DeliveryTracker tracker, ReplayState state, HourSource source,
                 ReplayCounters counters, String topic, String runId, Duration ackTimeout) {
        this.producer = producer;
        this.tracker = tracker;
        this.state = state;
        this.source = source;
        this.counters = counters;
        this.topic = topic;
        this.runId = runId;
        this.ackTimeout = ackTimeout;
    }

    /** Waits for a free slot before an hour starts sending. */
    void beginHour() throws InterruptedException {
        throwIfFailed();
        open.acquire();
    }

    /** The hour's records have all been handed to the producer; close it once they are acked. */
    void close(GhArchiveHour hour, String fileName, long events, long dlq, HourAcks acks) {
        acks.seal();
        thread.execute(() -> {
            try {
                if (failure.get() == null) {
                    closeHour(hour, fileName, events, dlq, acks);
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.release();
            }
        });
    }

    private void closeHour(GhArchiveHour hour, String fileName, long events, long dlq, HourAcks acks) throws InterruptedException {
        acks.awaitAll();
        if (tracker.failures() > 0) {
            throw new UserError(tracker.failures() + " record(s) were not delivered, first: "
                    + TopicSetup.rootMessage(tracker.firstFailure()) + " (in or before " + fileName
                    + "); nothing is lost: rerun the same command to redo the unfinished hours", tracker.firstFailure());
        }
        long refused = acks.refusedCount(); // counted as events when sent, refused by the broker, now in the DLQ
        HourEndMarker marker = new HourEndMarker(hour.toString(), fileName, events - refused, dlq + refused, topic,
                tracker.endOffsets(), runId, Instant.now().toString());
        try {
            producer.send(new ProducerRecord<>(Topics.CONTROL, marker.hour().getBytes(StandardCharsets.UTF_8), marker.toJsonBytes()))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new UserError("the hour-end marker of " + hour + " was not acked (" + TopicSetup.rootMessage(e)
                    + "); rerun the same command to redo this hour", e);
        }
        state.markDelivered(hour);
        source.delivered(hour);
        counters.hoursDone.incrementAndGet();
        delivered.incrementAndGet();
    }

    void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** Waits until every submitted hour is closed, then reports the first failure, if any. */
    void drain() throws InterruptedException {
        open.acquire(AHEAD);
        open.release(AHEAD);
        throwIfFailed();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
