package io.ghactivity.loader;

import io.ghactivity.contracts.LakeSchema;
import java.util.List;

/**
 * What differs between warehouse engines in the loader's SQL. Everything else (delete+insert of the hour, the
 * {@code distinct_gaps} maintenance, marts, checks) is one portable SQL text in {@link HourSql}, so DuckDB, Redshift
 * and the PostgreSQL test server run the same logic.
 */
public interface Dialect {

    /** Column type for a lake column kind. */
    String type(LakeSchema.Kind kind);

    /** Type of short text columns (names, types, entity kinds). */
    String text();

    /** Type of the raw payload column in the staging table (staging only; the fact table has no payload). */
    String payloadType();

    /** Physical design appended to {@code CREATE TABLE name (…)}: empty for DuckDB, dist/sort keys for Redshift. */
    String tableOptions(String table);

    /** {@code CREATE TABLE IF NOT EXISTS}; Redshift and PostgreSQL both accept it, so the default serves all. */
    default String createTable(String table, String columns) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")" + tableOptions(table);
    }

    /** Secondary indexes, created after the tables (idempotent); none where sort keys do the job (Redshift). */
    default List<String> indexes() {
        return List.of();
    }

    /** {@code CREATE TEMP TABLE}; temp tables are per session, so concurrent loaders never see each other's staging. */
    default String createTemp(String table, String columns) {
        return "CREATE TEMP TABLE " + table + " (" + columns + ")";
    }
}
