package io.ghactivity.stream.core;

import io.ghactivity.contracts.LakeColumn;
import java.nio.charset.StandardCharsets;

/**
 * A lake row as plain Java values ({@code Long}, {@code Integer}, {@code Boolean}, {@code String}), read by
 * {@link LakeJsonReader}: the rows of the reject path and of tests, where a typed accessor matters more than speed.
 * Pass 2 writes Spark's own row instead ({@code spark.LakeRowBuilder}).
 */
public final class LakeValues implements LakeRowWriter {
    private final Object[] values = new Object[LakeColumn.values().length];

    public Object get(LakeColumn column) {
        return values[column.index()];
    }

    /** The values in {@link LakeColumn} order (a copy). */
    public Object[] toArray() {
        return values.clone();
    }

    @Override
    public void setNull(int column) {
        values[column] = null;
    }

    @Override
    public void setLong(int column, long value) {
        values[column] = value;
    }

    @Override
    public void setInt(int column, int value) {
        values[column] = value;
    }

    @Override
    public void setBoolean(int column, boolean value) {
        values[column] = value;
    }

    @Override
    public void setUtf8(int column, byte[] bytes, int offset, int length) {
        values[column] = new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public void setString(int column, String value) {
        values[column] = value;
    }

    @Override
    public boolean isNull(int column) {
        return values[column] == null;
    }
}
