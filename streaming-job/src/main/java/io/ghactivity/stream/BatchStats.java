package io.ghactivity.stream;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.List;

/**
 * What one micro-batch holds, computed on the driver from pass 1's {@link Envelopes}: counts by reject reason,
 * the event hours, the newest event time, and per Kafka partition the offset after the last record (the "committed up to"
 * position that hour-end markers are compared with).
 */
record BatchStats(long rowsIn, long validRows, SortedMap<String, Long> rejectsByReason, Set<GhArchiveHour> validHours,
                  long maxEventMillis, SortedMap<Integer, Long> partitionEnds) {

    static BatchStats of(List<Envelopes> envelopes) {
        long in = 0;
        long valid = 0;
        long maxEvent = Long.MIN_VALUE;
        SortedMap<String, Long> rejects = new TreeMap<>();
        Set<Long> epochHours = new HashSet<>();
        SortedMap<Integer, Long> ends = new TreeMap<>();
        for (Envelopes e : envelopes) {
            in += e.size();
            for (int i = 0; i < e.size(); i++) {
                ends.merge(e.partition(i), e.offset(i) + 1, Math::max);
                if (e.isValid(i)) {
                    valid++;
                    epochHours.add(e.epochHour(i));
                    maxEvent = Math.max(maxEvent, e.createdMillis(i));
                } else {
                    rejects.merge(e.reason(i), 1L, Long::sum);
                }
            }
        }
        Set<GhArchiveHour> hours = new TreeSet<>();
        epochHours.forEach(h -> hours.add(GhArchiveHour.ofEpochHour(h)));
        return new BatchStats(in, valid, rejects, hours, maxEvent, ends);
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
