package io.ghactivity.stream;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What one micro-batch holds, computed on the driver from its {@link EnvelopeParser} rows: counts by reject reason,
 * the event hours, the newest event time, and per Kafka partition the offset after the last record (the "committed up to"
 * position that hour-end markers are compared with).
 */
record BatchStats(long rowsIn, long validRows, SortedMap<String, Long> rejectsByReason, Set<GhArchiveHour> validHours,
                  long maxEventMillis, SortedMap<Integer, Long> partitionEnds) {

    static BatchStats of(List<Row> envelopes) {
        long valid = 0;
        long maxEvent = Long.MIN_VALUE;
        SortedMap<String, Long> rejects = new TreeMap<>();
        Set<GhArchiveHour> hours = new TreeSet<>();
        SortedMap<Integer, Long> ends = new TreeMap<>();
        for (Row r : envelopes) {
            ends.merge(r.getInt(0), r.getLong(1) + 1, Math::max);
            if (r.isNullAt(5)) {
                valid++;
                hours.add(GhArchiveHour.ofEpochHour(r.getLong(3)));
                maxEvent = Math.max(maxEvent, r.getLong(4));
            } else {
                rejects.merge(r.getString(5), 1L, Long::sum);
            }
        }
        return new BatchStats(envelopes.size(), valid, rejects, hours, maxEvent, ends);
    }

    long rejects() {
        return rejectsByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Positions after this batch: the previous ones advanced by this batch's records. */
    SortedMap<Integer, Long> advance(Map<Integer, Long> previous) {
        SortedMap<Integer, Long> next = new TreeMap<>(previous);
        partitionEnds.forEach((p, end) -> next.merge(p, end, Math::max));
        return next;
    }
}
