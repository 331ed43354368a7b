package io.ghactivity.stream.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small realistic GH Archive event lines for tests, and an independent (Jackson tree) reading of them. */
final class TestEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {
    }

    record Parsed(long id, String type, long createdAtMillis) {
        GhArchiveHour hour() {
            return GhArchiveHour.containing(Instant.ofEpochMilli(createdAtMillis));
        }
    }

    static String push(long id, Instant createdAt) {
        return "{\"id\":\"" + id + "\",\"type\":\"PushEvent\",\"actor\":{\"id\":" + (id % 1000) + ",\"login\":\"user"
                + (id % 1000) + "\",\"display_login\":\"user" + (id % 1000) + "\"},\"repo\":{\"id\":" + (id % 77)
                + ",\"name\":\"org/repo" + (id % 77) + "\",\"url\":\"https://api.github.com/repos/org/repo" + (id % 77)
                + "\"},\"payload\":{\"push_id\":" + id + ",\"size\":2,\"distinct_size\":1,\"ref\":\"refs/heads/main\","
                + "\"commits\":[{\"sha\":\"abc\",\"message\":\"fix \\u00e9 \\\"quoted\\\"\"}]},\"public\":true,"
                + "\"created_at\":\"" + createdAt + "\"}";
    }

    static String pullRequest(long id, Instant createdAt, int number, boolean merged) {
        return "{\"id\":\"" + id + "\",\"type\":\"PullRequestEvent\",\"actor\":{\"id\":7,\"login\":\"pr-user\"},"
                + "\"repo\":{\"id\":9,\"name\":\"org/pr\"},\"payload\":{\"action\":\"closed\",\"number\":" + number
                + ",\"pull_request\":{\"number\":" + number + ",\"merged\":" + merged + ",\"title\":\"t\"}},"
                + "\"public\":true,\"created_at\":\"" + createdAt + "\",\"org\":{\"id\":3,\"login\":\"org\"}}";
    }

    /** {@code n} push events with ids from {@code firstId}, spread over the hour starting at {@code hour}. */
    static List<String> hourOfPushes(GhArchiveHour hour, long firstId, int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(push(firstId + i, hour.startInstant().plusSeconds((3599L * i) / Math.max(1, n - 1))));
        }
        return lines;
    }

    static Parsed parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return new Parsed(Long.parseLong(n.get("id").asText()), n.get("type").asText(),
                    Instant.parse(n.get("created_at").asText()).toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
