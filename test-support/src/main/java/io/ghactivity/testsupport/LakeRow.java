package io.ghactivity.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.Verdict;
import java.io.IOException;
import java.time.Instant;

/**
 * One lake event row, typed the way {@link io.ghactivity.contracts.LakeSchema} says (its {@code source} column
 * documents each field): what the streaming job writes for a valid event line.
 */
public record LakeRow(long id, String type, Instant createdAt, Long actorId, String actorLogin, Long repoId,
                      String repoName, Long orgId, String orgLogin, Boolean isPublic, String action, String refType,
                      Integer pushSize, Integer pushDistinctSize, Integer prNumber, Boolean prMerged, String payload) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventValidator VALIDATOR = new EventValidator();

    /** The row of a GH Archive line, or null when the line is not a valid event (it would go to rejects). */
    public static LakeRow parse(byte[] line) {
        Verdict v = VALIDATOR.validate(line);
        if (!v.isValid()) {
            return null;
        }
        try {
            JsonNode e = JSON.readTree(line);
            JsonNode payload = e.path("payload");
            JsonNode pr = payload.path("pull_request");
            Integer prNumber = integer(payload.path("number"));
            return new LakeRow(v.event().id(), v.event().type(), Instant.ofEpochMilli(v.event().createdAtMillis()),
                    longOrNull(e.path("actor").path("id")), text(e.path("actor").path("login")),
                    longOrNull(e.path("repo").path("id")), text(e.path("repo").path("name")),
                    longOrNull(e.path("org").path("id")), text(e.path("org").path("login")),
                    e.path("public").isBoolean() ? e.path("public").asBoolean() : null,
                    text(payload.path("action")), text(payload.path("ref_type")),
                    integer(payload.path("size")), integer(payload.path("distinct_size")),
                    prNumber != null ? prNumber : integer(pr.path("number")),
                    pr.path("merged").isBoolean() ? pr.path("merged").asBoolean() : null,
                    payload.isMissingNode() ? null : JSON.writeValueAsString(payload));
        } catch (IOException ex) {
            return null;
        }
    }

    private static Long longOrNull(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isTextual() && n.asText().matches("\\d{1,18}")) {
            return Long.parseLong(n.asText());
        }
        return null;
    }

    private static Integer integer(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToInt() ? n.asInt() : null;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
