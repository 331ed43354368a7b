package io.ghactivity.producer.source;

import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.util.Optional;

/** Where hour files come from: GH Archive over HTTP, a local directory, or the synthetic generator. */
public interface HourSource {

    /** Opens one hour; empty when the hour does not exist (HTTP 404, no file). The caller closes the stream. */
    Optional<HourInput> open(GhArchiveHour hour) throws IOException;

    /** Called once the hour is fully delivered (e.g. to drop a cached download). */
    default void delivered(GhArchiveHour hour) {
    }

    /** Whether the hours come as gzip files on local disk (what libdeflate can decode whole). */
    default boolean gzipFiles() {
        return true;
    }

    /** A stable description for logs and for the resume-state key, e.g. {@code dir:/data/gharchive}. */
    String describe();
}
