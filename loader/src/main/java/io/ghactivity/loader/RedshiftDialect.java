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

import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.LakeSchema;

/**
 * Amazon Redshift: sized VARCHARs, and distribution/sort keys chosen for the dashboard's queries (reasons in
 * {@code docs/warehouse.md}). With {@code redshiftClauses = false} it emits the same statements minus the
 * Redshift-only clauses, which is what the PostgreSQL integration test runs.
 */
public final class RedshiftDialect implements Dialect {
    private final boolean redshiftClauses;

    public RedshiftDialect(boolean redshiftClauses) {
        this.redshiftClauses = redshiftClauses;
    }

    /** The real thing. */
    public static RedshiftDialect redshift() {
        return new RedshiftDialect(true);
    }

    /** The same SQL without DISTKEY/SORTKEY/DISTSTYLE and SUPER, for a PostgreSQL server. */
    public static RedshiftDialect postgresCompatible() {
        return new RedshiftDialect(false);
    }

    @Override
    public String type(LakeSchema.Kind kind) {
        return switch (kind) {
            case BIGINT -> "BIGINT";
            case INT -> "INTEGER";
            case STRING -> text();
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    /**
     * Redshift VARCHAR lengths are bytes. The width is the contract's bound on what the lake can hold in a text
     * column: {@link EventValidator} rejects (to the DLQ) an event whose type or a name (login, repo name, action,
     * ref type) is longer, so COPY and the fact insert never meet a longer value.
     */
    @Override
    public String text() {
        return "VARCHAR(" + EventValidator.MAX_NAME_BYTES + ")";
    }

    /**
     * Staging only: COPY from Parquet needs one table column per file column, and a GitHub payload can exceed
     * VARCHAR's 65,535-byte limit, so it lands in SUPER (16 MB) and is never copied further.
     */
    @Override
    public String payloadType() {
        return redshiftClauses ? "SUPER" : "TEXT";
    }

    @Override
    public String tableOptions(String table) {
        if (!redshiftClauses) {
            return "";
        }
        return switch (table) {
            case FACT_EVENTS -> " DISTKEY(repo_id) SORTKEY(event_hour)";
            case WarehouseSchema.ENTITY_HOURS -> " DISTKEY(id) SORTKEY(hour)";
            case WarehouseSchema.ENTITY_LATEST -> " DISTKEY(id) SORTKEY(entity, event_type, id)";
            case DISTINCT_GAPS -> " DISTSTYLE EVEN SORTKEY(entity, event_type, cur_hour)";
            case REPO_HOURLY_ACTIVITY -> " DISTKEY(repo_id) SORTKEY(event_hour)";
            case REPO_DAILY_ACTIVITY -> " DISTKEY(repo_id) SORTKEY(event_date)";
            case REPO_NAMES -> " DISTKEY(repo_id) SORTKEY(repo_id)";
            case HOURLY_ACTIVITY, HOURLY_TOTALS, LOAD_LOG, QUALITY_CHECKS -> " DISTSTYLE ALL SORTKEY(event_hour)";
            case DAILY_ACTIVITY, DAILY_TOTALS -> " DISTSTYLE ALL SORTKEY(event_date)";
            default -> "";
        };
    }
}
