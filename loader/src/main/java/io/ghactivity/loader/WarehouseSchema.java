package io.ghactivity.loader;

import static io.ghactivity.contracts.Marts.DAILY_ACTIVITY;
import static io.ghactivity.contracts.Marts.DAILY_TOTALS;
import static io.ghactivity.contracts.Marts.DISTINCT_GAPS;
import static io.ghactivity.contracts.Marts.FACT_EVENTS;
import static io.ghactivity.contracts.Marts.HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.HOURLY_TOTALS;
import static io.ghactivity.contracts.Marts.LOAD_LOG;
import static io.ghactivity.contracts.Marts.QUALITY_CHECKS;
import static io.ghactivity.contracts.Marts.REPO_DAILY_ACTIVITY;
import static io.ghactivity.contracts.Marts.REPO_HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.REPO_NAMES;

import io.ghactivity.contracts.LakeSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The warehouse DDL of {@link io.ghactivity.contracts.Marts}, for any {@link Dialect}; idempotent
 * ({@code CREATE TABLE IF NOT EXISTS}), so the loader creates the schema on first use.
 */
public final class WarehouseSchema {
    /**
     * Internal (not read by the dashboard): one row per (entity kind, type filter, entity id, active epoch hour). It is
     * the state from which {@code distinct_gaps} is maintained incrementally: an hour's load looks up each affected
     * entity's previous and next active hours here.
     */
    public static final String ENTITY_HOURS = "entity_hours";

    /**
     * Internal: the last active epoch hour of each (entity kind, type filter, id). It makes the common case — hours
     * loaded in order — cheap: the previous active hour of every entity of the new hour is one lookup here instead
     * of an aggregation over the entity's whole history in {@link #ENTITY_HOURS}.
     */
    public static final String ENTITY_LATEST = "entity_latest";

    /** Lake columns the fact table keeps: all but the raw payload, which stays in the lake. */
    public static final List<LakeSchema.Column> FACT_COLUMNS = LakeSchema.COLUMNS.stream()
            .filter(c -> !c.name().equals("payload")).toList();

    private WarehouseSchema() {
    }

    /** Comma-separated fact column names, quoted where a name is a keyword ({@code public}). */
    public static String factColumnList() {
        return FACT_COLUMNS.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }

    /** Lake column names quote-safe for every dialect ({@code public} is reserved in PostgreSQL and Redshift). */
    public static String quote(String name) {
        return name.equals("public") ? "\"public\"" : name;
    }

    /** Staging table: every lake column in lake order (Redshift COPY maps Parquet columns by position). */
    public static String stagingColumns(Dialect d) {
        return LakeSchema.COLUMNS.stream()
                .map(c -> quote(c.name()) + " " + (c.name().equals("payload") ? d.payloadType() : d.type(c.kind())))
                .collect(Collectors.joining(", "));
    }

    public static List<String> ddl(Dialect d) {
        String t = d.text();
        String fact = FACT_COLUMNS.stream().map(c -> quote(c.name()) + " " + d.type(c.kind()))
                .collect(Collectors.joining(", "));
        List<String> s = new ArrayList<>();
        s.add(d.createTable(FACT_EVENTS, fact + ", event_hour TIMESTAMP NOT NULL"));
        s.add(d.createTable(LOAD_LOG, "event_hour TIMESTAMP NOT NULL, manifest " + t + ", revision INTEGER, "
                + "rows_loaded BIGINT, checksum " + t + ", loaded_at TIMESTAMP, seconds DOUBLE PRECISION"));
        s.add(d.createTable(QUALITY_CHECKS, "event_hour TIMESTAMP NOT NULL, check_name " + t + ", passed BOOLEAN, "
                + "detail " + t + ", revision INTEGER, checked_at TIMESTAMP"));
        s.add(d.createTable(HOURLY_ACTIVITY, "event_hour TIMESTAMP NOT NULL, event_type " + t
                + ", events BIGINT, actors BIGINT, repos BIGINT"));
        s.add(d.createTable(HOURLY_TOTALS, "event_hour TIMESTAMP NOT NULL, events BIGINT, actors BIGINT, repos BIGINT"));
        s.add(d.createTable(DAILY_ACTIVITY, "event_date DATE NOT NULL, event_type " + t
                + ", events BIGINT, actors BIGINT, repos BIGINT"));
        s.add(d.createTable(DAILY_TOTALS, "event_date DATE NOT NULL, events BIGINT, actors BIGINT, repos BIGINT"));
        s.add(d.createTable(ENTITY_HOURS, "entity " + t + ", event_type " + t + ", id BIGINT, hour INTEGER"));
        s.add(d.createTable(ENTITY_LATEST, "entity " + t + ", event_type " + t + ", id BIGINT, last_hour INTEGER"));
        s.add(d.createTable(DISTINCT_GAPS, "entity " + t + ", event_type " + t
                + ", prev_hour INTEGER, cur_hour INTEGER, n BIGINT"));
        s.add(d.createTable(REPO_HOURLY_ACTIVITY, "event_hour TIMESTAMP NOT NULL, event_type " + t
                + ", repo_id BIGINT, events BIGINT"));
        s.add(d.createTable(REPO_DAILY_ACTIVITY, "event_date DATE NOT NULL, repo_id BIGINT, repo_name " + t
                + ", events BIGINT, stars BIGINT, forks BIGINT, pushes BIGINT, pull_requests BIGINT, issues BIGINT"));
        s.add(d.createTable(REPO_NAMES, "repo_id BIGINT, repo_name " + t + ", seen_at TIMESTAMP"));
        s.addAll(d.indexes());
        return s;
    }
}
