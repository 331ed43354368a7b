package io.ghactivity.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary the demo reads back from its replay child process: the part it reports of the replay's final stdout line,
 * {@code {"hours":N,"events":N,"dlq":N,"missing_hours":[...],"bytes":N,"seconds":S}} (the producer's {@code ReplayTotals}).
 */
record ChildReplaySummary(long hours, long events, long dlq, List<GhArchiveHour> missingHours) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ChildReplaySummary parse(List<String> stdout) {
        for (int i = stdout.size() - 1; i >= 0; i--) {
            String line = stdout.get(i).trim();
            if (line.startsWith("{") && line.contains("\"missing_hours\"")) {
                try {
                    JsonNode n = JSON.readTree(line);
                    List<GhArchiveHour> missing = new ArrayList<>();
                    n.path("missing_hours").forEach(h -> missing.add(GhArchiveHour.parse(h.asText())));
                    return new ChildReplaySummary(n.path("hours").asLong(), n.path("events").asLong(), n.path("dlq").asLong(), missing);
                } catch (IOException e) {
                    throw new IllegalStateException("the replay's summary line is not JSON: " + line, e);
                }
            }
        }
        throw new IllegalStateException("the replay printed no summary line");
    }
}
