package io.ghactivity.stream.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.stream.core.Envelopes;
import io.ghactivity.stream.core.OffsetSet;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Pass 2 of a batch: the cached {@link ValueChunk}s → one {@link LakeRows#LAKE} row per valid event pass 1 kept
 * (rejects are skipped by pass 1's own verdict, dropped duplicates by their Kafka coordinates). Each value is read
 * once, in place in its chunk ({@link LakeRowParser#eventValues}: the envelope pass 1's validator read, the other
 * columns by {@link LakeFieldScan}), and its payload goes to Spark as a view of the chunk's bytes: the only copies
 * left are Spark's own, into its row and into the Parquet page.
 */
final class ChunkEventParser implements FlatMapFunction<Iterator<ValueChunk>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<OffsetSet> drop;

    ChunkEventParser(Broadcast<OffsetSet> drop) {
        this.drop = drop;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<ValueChunk> chunks) {
        return rows(chunks, drop.value());
    }

    /** The rows of the kept events of {@code chunks}, lazily, in record order. */
    static Iterator<InternalRow> rows(Iterator<ValueChunk> chunks, OffsetSet dropped) {
        EventValidator validator = new EventValidator();
        JsonFactory json = JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
        return new Iterator<>() {
            private ValueChunk chunk;
            private int i;
            private InternalRow next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (chunk == null || i == chunk.size()) {
                        if (!chunks.hasNext()) {
                            return false;
                        }
                        chunk = chunks.next();
                        i = 0;
                        continue;
                    }
                    Envelopes e = chunk.envelopes();
                    int r = i++;
                    if (e.isValid(r) && !dropped.contains(e.partition(r), e.offset(r))) {
                        next = toRow(LakeRowParser.eventValues(validator, json, chunk.data(), chunk.start(r),
                                chunk.length(r), chunk.event(r)));
                    }
                }
                return true;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                InternalRow r = next;
                next = null;
                return r;
            }
        };
    }

    /** {@link LakeRows#EVENT} values (Java types, payload already a {@link UTF8String}) → a row of {@link LakeRows#LAKE}. */
    static InternalRow toRow(Object[] event) {
        Object[] row = new Object[LakeRows.LAKE.size()];
        for (int c = 0; c < row.length; c++) {
            Object v = event[c];
            if (v instanceof String s) {
                v = UTF8String.fromString(s);
            } else if (v instanceof Timestamp t) {
                v = DateTimeUtils.fromJavaTimestamp(t); // what Spark's encoder does with a Timestamp
            }
            row[c] = v;
        }
        return new GenericInternalRow(row);
    }
}
