package io.ghactivity.producer;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one replay run did, in totals; {@link #toJson} is the one JSON line a replay prints on stdout (the demo reads
 * it back as its {@code ChildReplaySummary}).
 *
 * @param hours         hour files fully delivered by this run (hours a previous run delivered are not counted)
 * @param events        valid events sent to the events topic (duplicates in the input included)
 * @param dlq           lines sent to the DLQ
 * @param missingHours  hours the source does not have (HTTP 404, no file)
 * @param bytes         uncompressed bytes read from the hour files (JSON lines with terminators, rejected ones too)
 * @param seconds       wall time of the run
 */
public record ReplayTotals(long hours, long events, long dlq, List<GhArchiveHour> missingHours, long bytes, double seconds) {

    public String toJson() {
        String missing = missingHours.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "{\"hours\":%d,\"events\":%d,\"dlq\":%d,\"missing_hours\":[%s],\"bytes\":%d,\"seconds\":%.3f}",
                hours, events, dlq, missing, bytes, seconds);
    }
}
