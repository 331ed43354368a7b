package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ids committed in each hour the job is working on, kept on the driver so dedup costs no Spark job per batch.
 * It only ever holds ids of committed files: an hour is loaded from its committed files (the sink log) the first
 * time a run touches it, and afterwards extended with exactly the ids each batch commits. Closed hours are dropped
 * from memory; a late row for one reloads that hour (rare).
 */
public final class IdIndex {
    private final CommittedIds reader;
    private final CommitLog events;
    private final Map<GhArchiveHour, LongSet> byHour = new HashMap<>();

    public IdIndex(CommittedIds reader, CommitLog events) {
        this.reader = reader;
        this.events = events;
    }

    /** Makes sure every given hour is loaded (one read of the id column of their committed files). */
    public void load(Set<GhArchiveHour> hours) {
        Set<GhArchiveHour> missing = hours.stream().filter(h -> !byHour.containsKey(h)).collect(Collectors.toSet());
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(h -> byHour.put(h, new LongSet()));
        String[] files = events.allFiles().stream().map(CommittedFile::path)
                .filter(p -> missing.contains(CommittedFile.hourOf(p))).toArray(String[]::new);
        if (files.length == 0) {
            return;
        }
        reader.read(files, (millis, id) ->
                byHour.computeIfAbsent(GhArchiveHour.ofEpochHour(Math.floorDiv(millis, 3_600_000L)), k -> new LongSet()).add(id));
    }

    public boolean contains(GhArchiveHour hour, long id) {
        LongSet s = byHour.get(hour);
        return s != null && s.contains(id);
    }

    /** Records ids just committed (the caller guarantees the hour was {@link #load loaded} first). */
    public void add(GhArchiveHour hour, long id) {
        byHour.computeIfAbsent(hour, k -> new LongSet()).add(id);
    }

    public void forget(GhArchiveHour hour) {
        byHour.remove(hour);
    }

    public int hours() {
        return byHour.size();
    }
}
