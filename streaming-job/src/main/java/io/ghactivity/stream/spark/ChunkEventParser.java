package io.ghactivity.stream.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ghactivity.contracts.EventEnvelope;
import io.ghactivity.stream.core.Envelopes;
import io.ghactivity.stream.core.LakeFieldScan;
import io.ghactivity.stream.core.LakeJsonReader;
import io.ghactivity.stream.core.OffsetSet;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Pass 2 of a batch: the cached {@link ValueChunk}s → one {@link LakeRows#LAKE} row per valid event pass 1 kept
 * (rejects are skipped by pass 1's own verdict, dropped duplicates by their Kafka coordinates). Each value is read
 * once, in place in its chunk ({@link #eventRow}: the envelope pass 1's validator read, the other columns by
 * {@link LakeFieldScan}), straight into Spark's row ({@link LakeRowBuilder}); its strings and payload go to Spark as
 * views of the chunk's bytes: the only copies left are Spark's own, into its row and into the Parquet page.
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
        JsonFactory json = JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
        LakeRowBuilder row = new LakeRowBuilder();
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
                        next = eventRow(row, json, chunk.data(), chunk.start(r), chunk.length(r), chunk.event(r));
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

    /**
     * The lake row of a value pass 1 judged a valid event ({@code envelope}: what its validator read): the other
     * columns by {@link LakeFieldScan}, or, where it is undecided, by {@link LakeJsonReader} on a fresh row. Either
     * way the same values ({@code LakeReadersTest}).
     *
     * @throws IllegalStateException if the bytes do not parse after all: pass 1 said they do, so the batch must fail
     *                               rather than write something the two passes disagree on
     */
    static InternalRow eventRow(LakeRowBuilder row, JsonFactory json, byte[] buf, int off, int len,
                                EventEnvelope envelope) {
        row.start(envelope);
        if (!LakeFieldScan.read(buf, off, len, row)) {
            row.start(envelope);
            try {
                LakeJsonReader.read(json, buf, off, len, row);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("pass 2 cannot read a record pass 1 judged a valid event (id "
                        + envelope.id() + "): " + e.getMessage(), e);
            }
        }
        return row.row();
    }
}
