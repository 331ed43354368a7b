package io.ghactivity.stream.spark;

import io.ghactivity.contracts.EventEnvelope;
import io.ghactivity.stream.core.Envelopes;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A run of one Spark partition's Kafka records as pass 1 leaves them for pass 2: the values of the valid events back
 * to back in one array (rejects keep no bytes; pass 2 never reads them), where each starts, and pass 1's
 * {@link Envelopes}. This is the unit the batch caches between the passes: a few large arrays per 8 MB of values,
 * instead of Spark's columnar cache, which copied every value in and out again.
 */
final class ValueChunk implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bytes of values per chunk: more than {@code Topics.MAX_EVENT_BYTES}, so any accepted value fits an empty one. */
    static final int TARGET_BYTES = 8 << 20;
    private static final int INITIAL_RECORDS = 2048;
    /** Records per chunk at most, so a run of rejects (which keep no bytes) still ends a chunk. */
    static final int MAX_RECORDS = 1 << 16;

    private final byte[] data;
    private int used;
    /** Where each record's bytes end in {@link #data}; it starts where the previous one ends (a reject: no bytes). */
    private int[] ends = new int[INITIAL_RECORDS];
    /** The validator's {@code type} of each valid event (shared instances), for pass 2; not sent to the driver. */
    private String[] types = new String[INITIAL_RECORDS];
    private final Envelopes envelopes = new Envelopes(INITIAL_RECORDS);

    ValueChunk() {
        data = new byte[TARGET_BYTES];
    }

    boolean hasRoomFor(int valueBytes) {
        return data.length - used >= valueBytes && envelopes.size() < MAX_RECORDS;
    }

    /** Where the next value is to be copied ({@link #data()} from here); call {@link #keepValid} or {@link #reject} after. */
    int writePosition() {
        return used;
    }

    byte[] data() {
        return data;
    }

    /** Keeps the {@code length} bytes just copied at {@link #writePosition()} as a valid event's value. */
    void keepValid(int partition, long offset, int length, EventEnvelope event) {
        growIndex();
        used += length;
        ends[envelopes.size()] = used;
        types[envelopes.size()] = event.type();
        envelopes.addValid(partition, offset, event.id(), event.createdAtMillis());
    }

    /** Records a rejected record; its bytes (if any were copied) are given back. */
    void reject(int partition, long offset, String reasonCode) {
        growIndex();
        ends[envelopes.size()] = used;
        envelopes.addReject(partition, offset, reasonCode);
    }

    private void growIndex() {
        if (envelopes.size() == ends.length) {
            ends = Arrays.copyOf(ends, ends.length * 2);
            types = Arrays.copyOf(types, types.length * 2);
        }
    }

    int size() {
        return envelopes.size();
    }

    boolean isEmpty() {
        return envelopes.size() == 0;
    }

    Envelopes envelopes() {
        return envelopes;
    }

    int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    int length(int i) {
        return ends[i] - start(i);
    }

    /** The envelope pass 1's validator read from valid record {@code i}. */
    EventEnvelope event(int i) {
        return new EventEnvelope(envelopes.id(i), types[i], envelopes.createdMillis(i));
    }
}
