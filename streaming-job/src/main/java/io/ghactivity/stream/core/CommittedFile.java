package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One data file recorded in a sink's commit log.
 *
 * @param path the file as a Hadoop path string ({@code new Path(path)} opens it): already decoded from the log's
 *             URL-encoded form, so a lake under a directory with a space, {@code %} or {@code #} works
 * @param size bytes
 */
public record CommittedFile(String path, long size) {
    private static final Pattern HOUR_DIR = Pattern.compile("/dt=(\\d{4}-\\d{2}-\\d{2})/hr=(\\d{2})/");

    /** The hour of the file under {@code dt=…/hr=…/}, or null. */
    public GhArchiveHour hour() {
        return hourOf(path);
    }

    /** The hour of a file under {@code dt=…/hr=…/}, or null. */
    public static GhArchiveHour hourOf(String filePath) {
        Matcher m = HOUR_DIR.matcher(filePath);
        return m.find() ? GhArchiveHour.parse(m.group(1) + "T" + m.group(2)) : null;
    }
}
