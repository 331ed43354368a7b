package io.ghactivity.stream.spark;

import io.ghactivity.contracts.EventEnvelope;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.LakeColumn;
import io.ghactivity.stream.core.LakeRowWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Pass 2's row writer: the lake readers write straight into a {@link LakeRows#LAKE} row of Spark's internal values
 * (strings and the payload as {@link UTF8String} views of the value's bytes, timestamps as micros, the partition
 * columns and the event types shared between rows). One builder per task, one row per {@link #start}.
 */
final class LakeRowBuilder implements LakeRowWriter {
    private static final int ID = LakeColumn.ID.index(), TYPE = LakeColumn.TYPE.index();
    private static final int CREATED_AT = LakeColumn.CREATED_AT.index();
    private static final int DT = LakeRows.LAKE.fieldIndex("dt"), HR = LakeRows.LAKE.fieldIndex("hr");
    private static final long MILLIS_PER_HOUR = 3_600_000L;
    private static final int MAX_TYPES = 256; // GH Archive has ~15; a foreign client's oddities are not cached

    private final Map<String, UTF8String> types = new HashMap<>();

    private Object[] values;
    private long epochHour = Long.MIN_VALUE;
    private UTF8String dt;
    private UTF8String hr;

    /** A new row with the envelope's columns (pass 1's reading of id, type and created_at) and its partition. */
    void start(EventEnvelope e) {
        values = new Object[LakeRows.LAKE.size()];
        long ms = e.createdAtMillis();
        values[ID] = e.id();
        values[TYPE] = type(e.type());
        values[CREATED_AT] = Math.multiplyExact(ms, 1000L); // what Spark's encoder makes of a Timestamp since 1970
        long hour = Math.floorDiv(ms, MILLIS_PER_HOUR);
        if (hour != epochHour) { // rows of a batch come mostly hour by hour: format dt and hr once per hour
            GhArchiveHour h = GhArchiveHour.ofEpochHour(hour);
            dt = UTF8String.fromString(h.dt());
            hr = UTF8String.fromString(h.hr());
            epochHour = hour;
        }
        values[DT] = dt;
        values[HR] = hr;
    }

    /** The type as Spark's string, encoded once per distinct type rather than once per row. */
    private UTF8String type(String type) {
        UTF8String t = types.get(type);
        if (t == null) {
            t = UTF8String.fromString(type);
            if (types.size() < MAX_TYPES) {
                types.put(type, t);
            }
        }
        return t;
    }

    InternalRow row() {
        return new GenericInternalRow(values);
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
        values[column] = UTF8String.fromBytes(bytes, offset, length);
    }

    @Override
    public void setString(int column, String value) {
        values[column] = UTF8String.fromString(value);
    }

    @Override
    public boolean isNull(int column) {
        return values[column] == null;
    }
}
