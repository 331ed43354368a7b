package io.ghactivity.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Control record on {@link Topics#CONTROL}: the producer has delivered (acked) every record of one source hour file.
 *
 * <p>{@code endOffsets} maps each partition of the events topic to the offset <em>after</em> the last record this
 * producer had written when the file was done. A consumer that has processed every partition up to these offsets has
 * seen the whole file, whatever its batch sizes — this is how a bounded replay, or a new hour in follow mode, tells
 * the streaming job that an hour can be closed.
 *
 * @param hour        the source file's hour, {@code YYYY-MM-DDTHH}
 * @param sourceFile  the GH Archive file name (or a synthetic one)
 * @param events      valid events sent to the events topic from this file (input duplicates included)
 * @param dlq         lines of this file sent to the DLQ
 * @param topic       the events topic the offsets refer to
 * @param endOffsets  partition → next offset after this producer's last record, at the time the file was done
 * @param runId       the producer run that wrote it
 * @param producedAt  ISO-8601 instant
 */
public record HourEndMarker(String hour, String sourceFile, long events, long dlq, String topic,
                            Map<Integer, Long> endOffsets, String runId, String producedAt) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public HourEndMarker {
        GhArchiveHour.parse(hour); // fail fast on a malformed hour
        endOffsets = Map.copyOf(new TreeMap<>(endOffsets));
    }

    public GhArchiveHour ghArchiveHour() {
        return GhArchiveHour.parse(hour);
    }

    public byte[] toJsonBytes() {
        try {
            return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + this, e);
        }
    }

    public static HourEndMarker fromJson(byte[] json) {
        try {
            return JSON.readValue(json, HourEndMarker.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an hour-end marker: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}
