package io.ghactivity.producer;

import io.ghactivity.contracts.DlqReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Running totals of one replay, written by the sender thread and read by the progress reporter. */
final class ReplayCounters {
    final AtomicLong events = new AtomicLong();
    final AtomicLong dlq = new AtomicLong();
    /** Uncompressed bytes read from the hour files: every line, its terminator, blank and rejected lines included. */
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong hoursDone = new AtomicLong();
    private final AtomicLongArray perReason = new AtomicLongArray(DlqReason.values().length);

    void rejected(DlqReason reason) {
        dlq.incrementAndGet();
        perReason.incrementAndGet(reason.ordinal());
    }

    /** Non-zero DLQ counts by reason code. */
    Map<DlqReason, Long> dlqByReason() {
        Map<DlqReason, Long> m = new EnumMap<>(DlqReason.class);
        for (DlqReason r : DlqReason.values()) {
            long n = perReason.get(r.ordinal());
            if (n > 0) {
                m.put(r, n);
            }
        }
        return m;
    }
}
