package io.ghactivity.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.LakeColumn;
import io.ghactivity.contracts.Verdict;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * One lake event row, typed the way {@link LakeColumn} says: what the streaming job writes for a valid event line,
 * recounted independently for tests (a Jackson tree of the whole line, not the job's readers).
 */
public record LakeRow(long id, String type, Instant createdAt, Long actorId, String actorLogin, Long repoId,
                      String repoName, Long orgId, String orgLogin, Boolean isPublic, String action, String refType,
                      Integer pushSize, Integer pushDistinctSize, Integer prNumber, Boolean prMerged, String payload) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventValidator VALIDATOR = new EventValidator();

    /**
     * The row of a GH Archive line, or null when the line is not a valid event (it would go to rejects). Each column
     * is read from a Jackson tree of the whole line along {@link LakeColumn#paths()}, by the rules the enum states:
     * the streaming job's readers share the column definition, not this computation.
     */
    public static LakeRow parse(byte[] line) {
        Verdict v = VALIDATOR.validate(line);
        if (!v.isValid()) {
            return null;
        }
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (IOException ex) {
            return null;
        }
        Map<LakeColumn, Object> c = new EnumMap<>(LakeColumn.class);
        for (LakeColumn column : LakeColumn.values()) {
            c.put(column, switch (column.reading()) {
                case ENVELOPE -> switch (column) {
                    case ID -> v.event().id();
                    case TYPE -> v.event().type();
                    case CREATED_AT -> Instant.ofEpochMilli(v.event().createdAtMillis());
                    default -> throw new IllegalStateException(column + ": no envelope value");
                };
                case TYPED -> typed(event, column);
                case RAW_JSON -> raw(at(event, column.paths().get(0)));
            });
        }
        return new LakeRow((Long) c.get(LakeColumn.ID), (String) c.get(LakeColumn.TYPE),
                (Instant) c.get(LakeColumn.CREATED_AT), (Long) c.get(LakeColumn.ACTOR_ID),
                (String) c.get(LakeColumn.ACTOR_LOGIN), (Long) c.get(LakeColumn.REPO_ID),
                (String) c.get(LakeColumn.REPO_NAME), (Long) c.get(LakeColumn.ORG_ID),
                (String) c.get(LakeColumn.ORG_LOGIN), (Boolean) c.get(LakeColumn.PUBLIC),
                (String) c.get(LakeColumn.ACTION), (String) c.get(LakeColumn.REF_TYPE),
                (Integer) c.get(LakeColumn.PUSH_SIZE), (Integer) c.get(LakeColumn.PUSH_DISTINCT_SIZE),
                (Integer) c.get(LakeColumn.PR_NUMBER), (Boolean) c.get(LakeColumn.PR_MERGED),
                (String) c.get(LakeColumn.PAYLOAD));
    }

    /** The value of a column, by {@link LakeColumn} (payload as re-serialised JSON, see {@link #parse}). */
    public Object get(LakeColumn column) {
        return switch (column) {
            case ID -> id;
            case TYPE -> type;
            case CREATED_AT -> createdAt;
            case ACTOR_ID -> actorId;
            case ACTOR_LOGIN -> actorLogin;
            case REPO_ID -> repoId;
            case REPO_NAME -> repoName;
            case ORG_ID -> orgId;
            case ORG_LOGIN -> orgLogin;
            case PUBLIC -> isPublic;
            case ACTION -> action;
            case REF_TYPE -> refType;
            case PUSH_SIZE -> pushSize;
            case PUSH_DISTINCT_SIZE -> pushDistinctSize;
            case PR_NUMBER -> prNumber;
            case PR_MERGED -> prMerged;
            case PAYLOAD -> payload;
        };
    }

    /** The first of the column's paths that holds a value of its kind. */
    private static Object typed(JsonNode event, LakeColumn column) {
        for (LakeColumn.JsonPath path : column.paths()) {
            JsonNode n = at(event, path);
            Object value = switch (column.kind()) {
                case BIGINT -> longOrNull(n);
                case INT -> n.isIntegralNumber() && n.canConvertToInt() ? n.asInt() : null;
                case STRING -> n.isTextual() ? n.asText() : null;
                case BOOLEAN -> n.isBoolean() ? n.asBoolean() : null;
                case TIMESTAMP -> throw new IllegalStateException(column + ": a timestamp is read from the envelope");
            };
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static JsonNode at(JsonNode event, LakeColumn.JsonPath path) {
        JsonNode n = event;
        for (String field : path.fields()) {
            n = n.path(field);
        }
        return n;
    }

    private static String raw(JsonNode n) throws IllegalStateException {
        try {
            return n.isMissingNode() || n.isNull() ? null : JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long longOrNull(JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isTextual() && n.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(n.asText());
        }
        return null;
    }
}
