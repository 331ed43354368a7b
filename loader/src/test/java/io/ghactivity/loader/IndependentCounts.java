package io.ghactivity.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The test's own reading of the input lines with Jackson (no loader or fixture code): one record per unique event id,
 * with its epoch hour, type, actor and repo — what every mart must agree with.
 */
final class IndependentCounts {
    record Event(String id, long hour, String type, Long actor, Long repo) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private IndependentCounts() {
    }

    static List<Event> events(List<byte[]> lines) throws IOException {
        List<Event> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (byte[] line : lines) {
            JsonNode e = JSON.readTree(line);
            String id = e.path("id").asText();
            if (!ids.add(id)) {
                continue;
            }
            long hour = Instant.parse(e.path("created_at").asText()).getEpochSecond() / 3600;
            JsonNode actor = e.path("actor").path("id");
            JsonNode repo = e.path("repo").path("id");
            out.add(new Event(id, hour, e.path("type").asText(), actor.isNumber() ? actor.asLong() : null,
                    repo.isNumber() ? repo.asLong() : null));
        }
        return out;
    }
}
