package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;

/** An hour whose manifest was just written, with the manifest's revision (1, or more after late rows). */
public record ClosedHour(GhArchiveHour hour, int revision) {
    /** {@code 2022-06-01T02@1}: how metrics list closed hours. */
    @Override
    public String toString() {
        return hour + "@" + revision;
    }
}
