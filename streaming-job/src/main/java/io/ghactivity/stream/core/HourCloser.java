package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.HourManifest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which hours are closed and writes their manifests. An hour closes when
 * <ol>
 *   <li>an {@link HourEndMarker} for it is covered: every events partition is committed up to the marker's offsets
 *       (exact whatever the batch sizes), or</li>
 *   <li>the watermark (newest event time minus the allowed lateness) has passed the end of the hour (live streams
 *       without markers), or</li>
 *   <li>it was closed before and late rows were just committed into it: it re-closes with revision + 1.</li>
 * </ol>
 * Always called after the batch's files are committed, so a manifest only ever lists committed files.
 */
public final class HourCloser {
    private static final Logger LOG = LoggerFactory.getLogger(HourCloser.class);

    private final StreamConfig config;
    private final CommitLog events;
    private final Manifests manifests;
    private final ControlTopic control;

    public HourCloser(StreamConfig config, CommitLog events, Manifests manifests, ControlTopic control) {
        this.config = config;
        this.events = events;
        this.manifests = manifests;
        this.control = control;
    }

    /** Result: the new state and the manifests written. */
    public record Closed(JobState state, List<ClosedHour> written) {
    }

    /**
     * @param s        state with positions, max event time and open hours already advanced by the batch
     * @param reopened closed hours that just received late rows
     */
    public Closed closeDue(JobState s, Collection<GhArchiveHour> reopened) {
        ControlTopic.Read read = control.readFrom(s.controlOffsets());
        List<HourEndMarker> pending = new ArrayList<>(s.pendingMarkers());
        pending.addAll(read.markers());
        SortedSet<GhArchiveHour> open = new TreeSet<>(s.openHours());
        SortedMap<GhArchiveHour, Integer> closed = new TreeMap<>(s.closedRevisions());
        SortedSet<GhArchiveHour> due = new TreeSet<>(reopened);

        List<HourEndMarker> stillPending = new ArrayList<>();
        for (HourEndMarker m : pending) {
            if (!s.covers(m)) {
                stillPending.add(m);
            } else if (!closed.containsKey(m.ghArchiveHour())) {
                due.add(m.ghArchiveHour()); // a marker for an already closed hour (a re-sent file) closes nothing new
            }
        }
        Long watermark = s.watermarkMillis(config.allowedLateness().toMillis());
        if (watermark != null) {
            for (GhArchiveHour h : open) {
                if (h.endInstant().toEpochMilli() <= watermark) {
                    due.add(h);
                }
            }
        }
        List<ClosedHour> written = new ArrayList<>();
        if (!due.isEmpty()) {
            Map<GhArchiveHour, List<CommittedFile>> files = events.allFiles().stream()
                    .filter(f -> CommittedFile.hourOf(f.path()) != null)
                    .collect(Collectors.groupingBy(f -> CommittedFile.hourOf(f.path())));
            for (GhArchiveHour hour : due) {
                int revision = closed.getOrDefault(hour, 0) + 1;
                HourManifest m = manifests.write(hour, revision, files.getOrDefault(hour, List.of()), watermark, config.runId());
                LOG.info("closed hour {} (revision {}): {} files, {} rows", hour, revision, m.files().size(), m.rows());
                closed.put(hour, revision);
                open.remove(hour);
                written.add(new ClosedHour(hour, revision));
            }
        }
        JobState next = new JobState(s.batchId(), s.maxEventMillis(), s.positions(), read.nextOffsets(), stillPending,
                open, closed);
        return new Closed(next, written);
    }
}
