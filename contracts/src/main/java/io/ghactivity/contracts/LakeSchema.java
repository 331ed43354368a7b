package io.ghactivity.contracts;

import java.util.Arrays;
import java.util.List;

/**
 * The columns of a lake event row ({@code events/dt=…/hr=…/*.parquet}), in order, as the loader and the dashboard see
 * them (name, kind, required). They are derived from {@link LakeColumn}, which also says where each value comes from
 * in the event's JSON: the streaming job builds its Spark schema and its readers from that, the loader its staging
 * table, test fixtures their Parquet files — one definition, no drift.
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
     * @param source   where it comes from in the event JSON, as text ({@link LakeColumn} has the typed paths)
     */
    public record Column(String name, Kind kind, boolean required, String source) {
    }

    /** Derived from {@link LakeColumn}, where each column's JSON source is defined. */
    public static final List<Column> COLUMNS = Arrays.stream(LakeColumn.values())
            .map(c -> new Column(c.columnName(), c.kind(), c.required(), c.sourceText())).toList();

    private LakeSchema() {
    }

    public static List<String> names() {
        return COLUMNS.stream().map(Column::name).toList();
    }
}
