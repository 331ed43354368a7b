package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one micro-batch holds, computed on the driver from pass 1's {@link Envelopes}: counts by reject reason,
 * the event hours, the event-time high mark, and per Kafka partition the offset after the last record (the "committed
 * up to" position that hour-end markers are compared with).
 *
 * @param highMarkMillis the newest event time that at least {@link #highMarkRank} valid events of the batch reach (the
 *                       k-th newest, k = 1 + validRows / 1000): what the watermark advances with. A few events with a
 *                       {@code created_at} far ahead of the others (a clock error, a forged time) neither move the
 *                       watermark for everyone nor close every open hour; they are still written, into their own
 *                       hour. {@link Long#MIN_VALUE} when the batch has no valid event.
 */
public record BatchStats(long rowsIn, long validRows, SortedMap<String, Long> rejectsByReason, Set<GhArchiveHour> validHours,
                  long highMarkMillis, SortedMap<Integer, Long> partitionEnds) {

    /** How many valid events must reach the high mark: 1, plus 1 per 1000 valid events of the batch. */
    public static long highMarkRank(long validRows) {
        return 1 + validRows / 1000;
    }

    public static BatchStats of(List<Envelopes> envelopes) {
        long in = 0;
        long valid = 0;
        long[] times = new long[16];
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
                    if (valid > times.length) {
                        times = java.util.Arrays.copyOf(times, times.length * 2);
                    }
                    times[(int) valid - 1] = e.createdMillis(i);
                } else {
                    rejects.merge(e.reason(i), 1L, Long::sum);
                }
            }
        }
        Set<GhArchiveHour> hours = new TreeSet<>();
        epochHours.forEach(h -> hours.add(GhArchiveHour.ofEpochHour(h)));
        return new BatchStats(in, valid, rejects, hours, highMark(times, (int) valid), ends);
    }

    private static long highMark(long[] times, int n) {
        if (n == 0) {
            return Long.MIN_VALUE;
        }
        long rank = highMarkRank(n);
        if (rank == 1) {
            long max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, times[i]);
            }
            return max;
        }
        long[] sorted = java.util.Arrays.copyOf(times, n);
        java.util.Arrays.sort(sorted);
        return sorted[(int) (n - rank)];
    }

    public long rejects() {
        return rejectsByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Positions after this batch: the previous ones advanced by this batch's records. */
    public SortedMap<Integer, Long> advance(Map<Integer, Long> previous) {
        SortedMap<Integer, Long> next = new TreeMap<>(previous);
        partitionEnds.forEach((p, end) -> next.merge(p, end, Math::max));
        return next;
    }
}
