package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;
import java.time.Duration;
import java.util.Arrays;
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
 * @param highMarkMillis the event-time high mark the watermark advances with: the k-th newest (k = 1 + validRows /
 *                       1000) of the batch's valid event times that count, where a time counts if it is at most one
 *                       {@linkplain #highMarkStep step} past the job's current high mark, or another valid event of the
 *                       batch (another id: a repeated record is the same event) lies within one step before it. So neither a few events far ahead of the rest of a large
 *                       batch (the rank) nor a single event far ahead of everything, in a batch of any size (the
 *                       support), moves the watermark for everyone and closes every open hour (a clock error, a forged
 *                       time); they are still written, into their own hour. {@link Long#MIN_VALUE} when no valid time
 *                       counts.
 */
public record BatchStats(long rowsIn, long validRows, SortedMap<String, Long> rejectsByReason, Set<GhArchiveHour> validHours,
                  long highMarkMillis, SortedMap<Integer, Long> partitionEnds) {

    /** How many valid events must reach the high mark: 1, plus 1 per 1000 valid events of the batch. */
    public static long highMarkRank(long validRows) {
        return 1 + validRows / 1000;
    }

    /**
     * How far one event time may lead without support: the allowed lateness, at least an hour. An unsupported time
     * within it moves the watermark by at most that much, so it can close hours at most that early (a late row then
     * re-opens its hour: revision + 1, nothing lost).
     */
    public static Duration highMarkStep(Duration allowedLateness) {
        return allowedLateness.compareTo(Duration.ofHours(1)) > 0 ? allowedLateness : Duration.ofHours(1);
    }

    /**
     * The batch's stats; {@code currentHighMillis} is the job's high mark before it ({@link Long#MIN_VALUE} at the
     * first batch), {@code step} the {@link #highMarkStep}.
     */
    public static BatchStats of(List<Envelopes> envelopes, long currentHighMillis, Duration step) {
        long in = 0;
        long valid = 0;
        long[] times = new long[16];
        int distinct = 0;
        LongSet ids = new LongSet();
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
                    // One time per event: a record repeated in the batch (a re-sent file) must not support itself.
                    if (ids.add(e.id(i))) {
                        if (distinct == times.length) {
                            times = Arrays.copyOf(times, times.length * 2);
                        }
                        times[distinct++] = e.createdMillis(i);
                    }
                } else {
                    rejects.merge(e.reason(i), 1L, Long::sum);
                }
            }
        }
        Set<GhArchiveHour> hours = new TreeSet<>();
        epochHours.forEach(h -> hours.add(GhArchiveHour.ofEpochHour(h)));
        long highMark = highMark(times, distinct, currentHighMillis, step.toMillis(), highMarkRank(valid));
        return new BatchStats(in, valid, rejects, hours, highMark, ends);
    }

    /** The k-th newest ({@code rank}) of the first {@code n} times that count (see {@link #highMarkMillis}). */
    private static long highMark(long[] times, int n, long currentHighMillis, long stepMillis, long rank) {
        long[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        long reach = currentHighMillis == Long.MIN_VALUE ? Long.MIN_VALUE : currentHighMillis + stepMillis;
        long counted = 0;
        for (int i = n - 1; i >= 0; i--) { // newest first
            boolean supported = i > 0 && sorted[i] - sorted[i - 1] <= stepMillis;
            if (sorted[i] <= reach || supported) {
                counted++;
                if (counted == rank) {
                    return sorted[i];
                }
            }
        }
        return Long.MIN_VALUE;
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
