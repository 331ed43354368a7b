package io.ghactivity.producer;

import io.ghactivity.contracts.DlqReason;
import io.ghactivity.contracts.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What happens to a valid event whose send failed because of the record itself, so that such a record never stops
 * the replay (only an unreachable or failing broker does):
 * <ul>
 *   <li>the broker refused it — larger than the topic's {@code max.message.bytes}, a timestamp outside the topic's
 *       allowed range, or another record-level refusal: it goes to the DLQ with reason
 *       {@link DlqReason#REFUSED_BY_BROKER}, counted as rejected instead of sent;</li>
 *   <li>it only shared a batch with such a record (the broker refuses a batch as a whole and the client fails the
 *       innocent records with a plain {@code KafkaException}): it is sent again, up to {@value #MAX_RESENDS} times.</li>
 * </ul>
 * Any other failure stays a failure of the run. Callbacks run on the producer's I/O thread, where a blocking
 * {@code send} could deadlock on a full buffer, so the re-sends run on a thread of their own. Each one is counted in
 * the hour's {@link HourAcks} before the failed attempt is released, so the hour's marker waits for it.
 *
 * <p>Re-routing needs each event's bytes until its ack, which the producer's accumulator alone would not keep (it
 * holds them compressed). So the uncompressed bytes of events in flight are bounded by {@value #IN_FLIGHT_BYTES}
 * bytes: the sender waits for acks beyond that, which keeps the heap flat whatever the broker's pace.
 */
final class Refusals implements AutoCloseable {
    static final int MAX_RESENDS = 3;
    /**
     * About 0.15 s of replay at full speed: several times linger plus an ack's round trip, so the bound does not
     * slow the replay, and small next to the 512 MB heap.
     */
    static final int IN_FLIGHT_BYTES = 48 * 1024 * 1024;
    /** Kafka's message for the innocent records of a refused batch (Sender, kafka-clients 3.x). */
    private static final String REFUSED_BATCH_SIBLING = "Failed to append record because it was part of a batch";

    private final Producer<byte[], byte[]> producer;
    private final ReplayCounters counters;
    private final PrintStream err;
    private final AtomicLong resent = new AtomicLong();
    private final Semaphore inFlightBytes = new Semaphore(IN_FLIGHT_BYTES);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "replay-refusals");
        t.setDaemon(true);
        return t;
    });

    Refusals(Producer<byte[], byte[]> producer, ReplayCounters counters, PrintStream err) {
        this.producer = producer;
        this.counters = counters;
        this.err = err;
    }

    static boolean refusedRecord(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof InvalidRecordException
                || e instanceof InvalidTimestampException;
    }

    static boolean innocentInRefusedBatch(Exception e) {
        return e.getClass() == KafkaException.class && e.getMessage() != null && e.getMessage().startsWith(REFUSED_BATCH_SIBLING);
    }

    /**
     * The callback of one event's send: acks count for the hour, refusals are handled as described above. Waits
     * while too many bytes are in flight.
     */
    Callback forEvent(HourAcks acks, ProducerRecord<byte[], byte[]> record, long lineNumber) throws InterruptedException {
        inFlightBytes.acquire(record.value().length);
        return new EventCallback(acks, record, lineNumber, 0);
    }

    private final class EventCallback implements Callback {
        private final HourAcks acks;
        private final ProducerRecord<byte[], byte[]> record;
        private final long lineNumber;
        private final int resends;

        EventCallback(HourAcks acks, ProducerRecord<byte[], byte[]> record, long lineNumber, int resends) {
            this.acks = acks;
            this.record = record;
            this.lineNumber = lineNumber;
            this.resends = resends;
        }

        @Override
        public void onCompletion(RecordMetadata md, Exception e) {
            if (e != null && refusedRecord(e)) {
                acks.sending(); // the DLQ record, before this attempt is released: the hour cannot close in between
                thread.execute(() -> toDlq(acks, record, lineNumber, e));
            } else if (e != null && innocentInRefusedBatch(e) && resends < MAX_RESENDS) {
                acks.sending();
                resent.incrementAndGet();
                thread.execute(() -> send(record, new EventCallback(acks, record, lineNumber, resends + 1)));
            } else {
                inFlightBytes.release(record.value().length);
                acks.eventCompleted(md, e);
                return;
            }
            acks.released();
        }
    }

    private void toDlq(HourAcks acks, ProducerRecord<byte[], byte[]> event, long lineNumber, Exception cause) {
        String detail = "refused by the broker: " + TopicSetup.rootMessage(cause);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_DLQ_REASON, DlqReason.REFUSED_BY_BROKER.code().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_DLQ_DETAIL, detail.getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_SOURCE_FILE, event.headers().lastHeader(Topics.HEADER_SOURCE_FILE).value());
        headers.add(Topics.HEADER_SOURCE_LINE, event.headers().lastHeader(Topics.HEADER_SOURCE_LINE).value());
        acks.refused();
        counters.events.decrementAndGet();
        counters.rejected(DlqReason.REFUSED_BY_BROKER);
        err.printf("replay: %s line %d: %s; sent to %s%n",
                new String(event.headers().lastHeader(Topics.HEADER_SOURCE_FILE).value(), StandardCharsets.UTF_8),
                lineNumber, detail, Topics.DLQ);
        send(new ProducerRecord<>(Topics.DLQ, null, null, null, event.value(), headers), acks.dlq);
        inFlightBytes.release(event.value().length); // the DLQ record is in the producer's hands now
    }

    /** Sends on this class's thread; a send that throws (producer closed, record too large for it) fails the run. */
    private void send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        try {
            producer.send(record, callback);
        } catch (RuntimeException e) {
            callback.onCompletion(null, e);
        }
    }

    /** Sends repeated because the record shared a batch the broker refused for another record's sake. */
    long resent() {
        return resent.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
