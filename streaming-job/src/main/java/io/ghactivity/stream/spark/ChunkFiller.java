package io.ghactivity.stream.spark;

import io.ghactivity.contracts.DlqReason;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.Verdict;
import java.util.ArrayDeque;
import org.apache.spark.unsafe.Platform;

/**
 * Pass 1's work on one record, whatever read it: the value is copied once into the current {@link ValueChunk} and
 * judged there by the shared {@link EventValidator} (tombstones and oversized records first, as {@link #verdict}
 * says), so no value is read twice and no reject keeps its bytes. One per task; not thread-safe.
 */
final class ChunkFiller {
    private final EventValidator validator = new EventValidator();
    private final ArrayDeque<ValueChunk> full = new ArrayDeque<>();
    private ValueChunk current = new ValueChunk();

    /**
     * Adds one record whose value is {@code length} bytes at {@code address} of {@code base} (Spark's {@link Platform}
     * addressing: an array and {@code Platform.BYTE_ARRAY_OFFSET + i}, or a row's memory); {@code length < 0} is a
     * null value.
     */
    void add(int partition, long offset, Object base, long address, int length) {
        if (length > Topics.MAX_EVENT_BYTES || length < 0) {
            chunkWithRoom(0).reject(partition, offset, verdictWithoutBytes(length).reason().code());
            return;
        }
        ValueChunk c = chunkWithRoom(length);
        int at = c.writePosition();
        Platform.copyMemory(base, address, c.data(), Platform.BYTE_ARRAY_OFFSET + at, length);
        Verdict v = validator.validate(c.data(), at, length);
        if (v.isValid()) {
            c.keepValid(partition, offset, length, v.event());
        } else {
            c.reject(partition, offset, v.reason().code());
        }
    }

    void add(int partition, long offset, byte[] value) {
        add(partition, offset, value, Platform.BYTE_ARRAY_OFFSET, value == null ? -1 : value.length);
    }

    /** A chunk that is full, or null while the current one still has room. */
    ValueChunk takeFull() {
        return full.poll();
    }

    /** After the last record, once no full chunk is left to take: the partly filled chunk, or null. */
    ValueChunk takeRest() {
        ValueChunk last = current;
        current = null;
        return last == null || last.isEmpty() ? null : last;
    }

    private ValueChunk chunkWithRoom(int length) {
        if (!current.hasRoomFor(length)) {
            full.add(current);
            current = new ValueChunk();
        }
        return current;
    }

    private static Verdict verdictWithoutBytes(int length) {
        return length < 0 ? Verdict.reject(DlqReason.NOT_JSON, "null value (tombstone)")
                : Verdict.reject(DlqReason.OVERSIZED, length + " bytes");
    }

    /**
     * The one validity rule of the job, for a whole value: tombstones and oversized records first, then the shared
     * validator. Pass 1 applies the same rule in place ({@link #add}); the rejects path uses this one.
     */
    static Verdict verdict(EventValidator validator, byte[] value) {
        if (value == null || value.length > Topics.MAX_EVENT_BYTES) {
            return verdictWithoutBytes(value == null ? -1 : value.length);
        }
        return validator.validate(value);
    }
}
