package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the job knows after a committed micro-batch, beyond Spark's own checkpoint: the event-time high-water mark,
 * how far each events partition is committed, which hour-end markers are still waiting, and which hours are open or
 * closed (with their manifest revision). Persisted as JSON per batch by {@link StateLog}, hours spelled as on the
 * command line ({@code "2022-06-05T07"}); immutable.
 *
 * @param batchId          the last batch folded in (-1: nothing yet)
 * @param maxEventMillis   the newest event-time high mark of the committed batches ({@link BatchStats#highMarkMillis}),
 *                         epoch millis ({@link Long#MIN_VALUE}: none yet)
 * @param positions        events partition → offset after the last committed record
 * @param controlOffsets   control partition → next offset to read
 * @param pendingMarkers   markers whose offsets are not all committed yet
 * @param openHours        hours with committed rows and no manifest yet
 * @param closedRevisions  closed hour → its latest manifest revision
 */
public record JobState(long batchId, long maxEventMillis, SortedMap<Integer, Long> positions,
                       SortedMap<Integer, Long> controlOffsets, List<HourEndMarker> pendingMarkers,
                       SortedSet<GhArchiveHour> openHours, SortedMap<GhArchiveHour, Integer> closedRevisions) {

    public JobState {
        positions = new TreeMap<>(positions);
        controlOffsets = new TreeMap<>(controlOffsets);
        pendingMarkers = List.copyOf(pendingMarkers);
        openHours = new TreeSet<>(openHours);
        closedRevisions = new TreeMap<>(closedRevisions);
    }

    public static JobState initial() {
        return new JobState(-1, Long.MIN_VALUE, new TreeMap<>(), new TreeMap<>(), List.of(), new TreeSet<>(), new TreeMap<>());
    }

    /** The latest manifest of a closed hour, or null if the hour is not closed. */
    public ClosedHour closed(GhArchiveHour hour) {
        Integer revision = closedRevisions.get(hour);
        return revision == null ? null : new ClosedHour(hour, revision);
    }

    /** The event-time watermark: newest event minus the allowed lateness (null before the first event). */
    public Long watermarkMillis(long allowedLatenessMillis) {
        return maxEventMillis == Long.MIN_VALUE ? null : maxEventMillis - allowedLatenessMillis;
    }

    /** True when every partition named by the marker is committed up to the marker's offset. */
    public boolean covers(HourEndMarker marker) {
        for (Map.Entry<Integer, Long> e : marker.endOffsets().entrySet()) {
            if (positions.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
