package io.ghactivity.contracts;

import io.ghactivity.contracts.LakeSchema.Kind;
import java.util.Arrays;
import java.util.List;

/**
 * The lake's columns and where each comes from in an event's JSON: the one mapping from a GH Archive line to a lake
 * row. {@link LakeSchema#COLUMNS} is derived from it; the streaming job's byte scan and its Jackson fallback walk the
 * same paths (their field tree is built from this enum), and test-support's independent reader follows the same
 * paths with its own JSON tree. The ordinal is the column's position in the Parquet files.
 *
 * <p>How a value is read ({@link Reading}):
 * <ul>
 *   <li>{@link Reading#ENVELOPE}: by {@link EventValidator}'s rules (the last occurrence; a valid event has it);</li>
 *   <li>{@link Reading#TYPED}: the value at the path when it has the column's kind — {@code BIGINT}: an integer that
 *       fits a long, or a string holding one (some API recordings quote ids); {@code INT}: an integer in int range;
 *       {@code STRING}: a string; {@code BOOLEAN}: {@code true}/{@code false} — else null. The last occurrence of a
 *       member wins; a path through something that is not an object gives nothing. When a column has several paths,
 *       the first is the column's own and a later one only fills a column still null at that point;</li>
 *   <li>{@link Reading#RAW_JSON}: an object's exact bytes in the line (nothing re-serialised); a scalar's text.</li>
 * </ul>
 */
public enum LakeColumn {
    ID("id", Kind.BIGINT, true, Reading.ENVELOPE, "digits, string or number", "id"),
    TYPE("type", Kind.STRING, true, Reading.ENVELOPE, "", "type"),
    CREATED_AT("created_at", Kind.TIMESTAMP, true, Reading.ENVELOPE, "UTC, written as TIMESTAMP_MICROS", "created_at"),
    ACTOR_ID("actor_id", Kind.BIGINT, false, Reading.TYPED, "", "actor.id"),
    ACTOR_LOGIN("actor_login", Kind.STRING, false, Reading.TYPED, "", "actor.login"),
    REPO_ID("repo_id", Kind.BIGINT, false, Reading.TYPED, "", "repo.id"),
    REPO_NAME("repo_name", Kind.STRING, false, Reading.TYPED, "owner/name", "repo.name"),
    ORG_ID("org_id", Kind.BIGINT, false, Reading.TYPED, "only some events", "org.id"),
    ORG_LOGIN("org_login", Kind.STRING, false, Reading.TYPED, "", "org.login"),
    PUBLIC("public", Kind.BOOLEAN, false, Reading.TYPED, "", "public"),
    ACTION("action", Kind.STRING, false, Reading.TYPED, "Issues, PullRequest, Watch, Member, Release, …", "payload.action"),
    REF_TYPE("ref_type", Kind.STRING, false, Reading.TYPED, "Create, Delete", "payload.ref_type"),
    PUSH_SIZE("push_size", Kind.INT, false, Reading.TYPED, "PushEvent; absent after late-2025 schema drift", "payload.size"),
    PUSH_DISTINCT_SIZE("push_distinct_size", Kind.INT, false, Reading.TYPED, "PushEvent", "payload.distinct_size"),
    PR_NUMBER("pr_number", Kind.INT, false, Reading.TYPED, "", "payload.number", "payload.pull_request.number"),
    PR_MERGED("pr_merged", Kind.BOOLEAN, false, Reading.TYPED, "", "payload.pull_request.merged"),
    PAYLOAD("payload", Kind.STRING, false, Reading.RAW_JSON, "the raw JSON text, so nothing is thrown away", "payload");

    /** How a column's value is read from the line (see the class comment). */
    public enum Reading { ENVELOPE, TYPED, RAW_JSON }

    /** A member path from the event's top level, e.g. {@code payload.pull_request.number}. */
    public record JsonPath(List<String> fields) {
        public JsonPath {
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a JSON path names at least one member");
            }
        }

        static JsonPath of(String dotted) {
            return new JsonPath(Arrays.asList(dotted.split("\\.")));
        }

        @Override
        public String toString() {
            return String.join(".", fields);
        }
    }

    private final String columnName;
    private final Kind kind;
    private final boolean required;
    private final Reading reading;
    private final String note;
    private final List<JsonPath> paths;

    LakeColumn(String columnName, Kind kind, boolean required, Reading reading, String note, String... paths) {
        this.columnName = columnName;
        this.kind = kind;
        this.required = required;
        this.reading = reading;
        this.note = note;
        this.paths = Arrays.stream(paths).map(JsonPath::of).toList();
    }

    /** The name in Parquet and in the warehouse. */
    public String columnName() {
        return columnName;
    }

    public Kind kind() {
        return kind;
    }

    /** True when every valid event has it (the loader's quality checks assert no nulls). */
    public boolean required() {
        return required;
    }

    public Reading reading() {
        return reading;
    }

    /** Where the value comes from, first path first. */
    public List<JsonPath> paths() {
        return paths;
    }

    /** The column's position in a lake row (= its ordinal). */
    public int index() {
        return ordinal();
    }

    /** The paths and the note, for {@link LakeSchema.Column#source()} and the docs. */
    public String sourceText() {
        String from = String.join(" or ", paths.stream().map(JsonPath::toString).toList());
        return note.isEmpty() ? from : from + " (" + note + ")";
    }
}
