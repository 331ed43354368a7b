package io.ghactivity.stream.core;

/**
 * Where the lake-row readers ({@link LakeFieldScan}, {@link LakeJsonReader}) put the columns they read, by
 * {@link io.ghactivity.contracts.LakeColumn#index()}: typed setters, so the readers box nothing and copy no bytes, and
 * each engine keeps its own value types (the Spark adapter writes its internal row, the reject path Java values).
 */
public interface LakeRowWriter {
    void setNull(int column);

    void setLong(int column, long value);

    void setInt(int column, int value);

    void setBoolean(int column, boolean value);

    /** Text that is exactly these UTF-8 bytes (already validated): the writer may keep a view of them. */
    void setUtf8(int column, byte[] bytes, int offset, int length);

    void setString(int column, String value);

    /** Whether the column is still null (a later JSON path of a column fills it only then). */
    boolean isNull(int column);
}
