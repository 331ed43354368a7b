package io.ghactivity.loader;

import io.ghactivity.contracts.LakeSchema;

/** DuckDB: plain types, no physical design clauses (its zone maps follow insertion order, which is by hour). */
public final class DuckDbDialect implements Dialect {
    @Override
    public String type(LakeSchema.Kind kind) {
        return switch (kind) {
            case BIGINT -> "BIGINT";
            case INT -> "INTEGER";
            case STRING -> "VARCHAR";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    @Override
    public String text() {
        return "VARCHAR";
    }

    @Override
    public String payloadType() {
        return "VARCHAR";
    }

    @Override
    public String tableOptions(String table) {
        return "";
    }
}
