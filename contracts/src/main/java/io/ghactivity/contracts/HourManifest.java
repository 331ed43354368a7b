package io.ghactivity.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The completion manifest of one closed hour: {@code _manifests/events/dt=…/hr=….json}.
 *
 * <p>Readers load exactly {@link #files()} and nothing else from the partition: a streaming file sink can leave files of
 * failed batches behind, and only the manifest knows which files were committed.
 *
 * @param formatVersion  manifest format, {@link #FORMAT_VERSION}
 * @param hour           {@code YYYY-MM-DDTHH}
 * @param revision       1 for the first close; +1 each time late rows reopen and re-close the hour
 * @param files          committed data files of the hour, absolute URIs/paths
 * @param rows           total rows in those files
 * @param minCreatedAt   ISO-8601 instant of the earliest row
 * @param maxCreatedAt   ISO-8601 instant of the latest row
 * @param watermark      ISO-8601 instant: the writer's event-time watermark when it closed the hour
 * @param runId          the streaming run that wrote it
 * @param writtenAt      ISO-8601 instant
 */
public record HourManifest(int formatVersion, String hour, int revision, List<DataFile> files, long rows,
                           String minCreatedAt, String maxCreatedAt, String watermark, String runId, String writtenAt) {

    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One committed Parquet file. */
    public record DataFile(String path, long bytes, long rows) {
    }

    public HourManifest {
        files = List.copyOf(files);
    }

    public GhArchiveHour ghArchiveHour() {
        return GhArchiveHour.parse(hour);
    }

    public byte[] toJsonBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise manifest of " + hour, e);
        }
    }

    /**
     * Parses and checks a manifest; a damaged one is refused with a message that names what is wrong, because loading
     * from a half-written or hand-edited manifest would silently load the wrong rows.
     */
    public static HourManifest fromJson(byte[] json, String where) {
        HourManifest m;
        try {
            m = JSON.readValue(json, HourManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest " + where + " is not valid JSON: " + e.getMessage());
        }
        if (m == null || m.hour() == null || m.files() == null) {
            throw new IllegalArgumentException("manifest " + where + " lacks 'hour' or 'files'");
        }
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException("manifest " + where + " has format version " + m.formatVersion()
                    + "; this build reads version " + FORMAT_VERSION);
        }
        GhArchiveHour.parse(m.hour());
        long sum = m.files().stream().mapToLong(DataFile::rows).sum();
        if (sum != m.rows()) {
            throw new IllegalArgumentException("manifest " + where + " says rows=" + m.rows() + " but its files hold " + sum);
        }
        return m;
    }

    public String fileListJson() {
        try {
            return JSON.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "HourManifest[" + hour + " rev " + revision + ", " + files.size() + " files, " + rows + " rows]";
    }
}
