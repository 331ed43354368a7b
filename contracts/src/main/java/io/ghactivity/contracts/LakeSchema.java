package io.ghactivity.contracts;

import java.util.List;

/**
 * The columns of a lake event row ({@code events/dt=…/hr=…/*.parquet}), in order. The streaming job builds its Spark
 * schema from this list, the loader its staging table, test fixtures their Parquet files: one definition, no drift.
 *
 * <p>Partition columns {@code dt} and {@code hr} live in the path, not in the files.
 */
public final class LakeSchema {

    /** Logical column types, mapped to Spark / DuckDB / Redshift types by each module. */
    public enum Kind { BIGINT, INT, STRING, BOOLEAN, TIMESTAMP }

    /**
     * One column.
     *
     * @param name     column name in Parquet and in the warehouse
     * @param kind     logical type
     * @param required true when every valid event has it (the quality checks assert no nulls)
     * @param source   where it comes from in the event JSON (documentation)
     */
    public record Column(String name, Kind kind, boolean required, String source) {
    }

    public static final List<Column> COLUMNS = List.of(
            new Column("id", Kind.BIGINT, true, "id (digits, string or number)"),
            new Column("type", Kind.STRING, true, "type"),
            new Column("created_at", Kind.TIMESTAMP, true, "created_at (UTC, written as TIMESTAMP_MICROS)"),
            new Column("actor_id", Kind.BIGINT, false, "actor.id"),
            new Column("actor_login", Kind.STRING, false, "actor.login"),
            new Column("repo_id", Kind.BIGINT, false, "repo.id"),
            new Column("repo_name", Kind.STRING, false, "repo.name (owner/name)"),
            new Column("org_id", Kind.BIGINT, false, "org.id (only some events)"),
            new Column("org_login", Kind.STRING, false, "org.login"),
            new Column("public", Kind.BOOLEAN, false, "public"),
            new Column("action", Kind.STRING, false, "payload.action (Issues, PullRequest, Watch, Member, Release, …)"),
            new Column("ref_type", Kind.STRING, false, "payload.ref_type (Create, Delete)"),
            new Column("push_size", Kind.INT, false, "payload.size (PushEvent; absent after late-2025 schema drift)"),
            new Column("push_distinct_size", Kind.INT, false, "payload.distinct_size (PushEvent)"),
            new Column("pr_number", Kind.INT, false, "payload.number or payload.pull_request.number"),
            new Column("pr_merged", Kind.BOOLEAN, false, "payload.pull_request.merged"),
            new Column("payload", Kind.STRING, false, "payload, the raw JSON text, so nothing is thrown away"));

    private LakeSchema() {
    }

    public static List<String> names() {
        return COLUMNS.stream().map(Column::name).toList();
    }
}
