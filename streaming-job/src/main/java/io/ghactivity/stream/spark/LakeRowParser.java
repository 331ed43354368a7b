package io.ghactivity.stream.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ghactivity.contracts.EventEnvelope;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.LakeColumn;
import io.ghactivity.contracts.Verdict;
import io.ghactivity.stream.core.LakeJsonReader;
import io.ghactivity.stream.core.LakeValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Kafka record → {@link LakeRows#PARSED} row: the reject path of a batch (pass 2 reads valid events from its own
 * chunks, {@link ChunkEventParser}), and the tests' reference reading of a whole record.
 *
 * <p>Validity is decided by the shared {@link EventValidator} (the producer's rule, so both ends agree on what a valid
 * event is); a record that fails it keeps its raw bytes and the {@code DlqReason} code. For valid events the lake
 * columns are read by {@link LakeJsonReader} along {@code LakeColumn}'s paths, as Java values.
 *
 * <p>Input rows: {@code key, value, partition, offset, timestamp} of Spark's Kafka source.
 */
public final class LakeRowParser implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int N = LakeRows.PARSED.size();
    private static final int I_ID = idx("id"), I_TYPE = idx("type"), I_CREATED = idx("created_at");
    private static final int I_DT = idx("dt"), I_HR = idx("hr"), I_EPOCH_HOUR = idx(LakeRows.EPOCH_HOUR);
    private static final int I_PARTITION = idx(LakeRows.KAFKA_PARTITION), I_OFFSET = idx(LakeRows.KAFKA_OFFSET);
    private static final int I_TS = idx(LakeRows.KAFKA_TIMESTAMP), I_KEY = idx(LakeRows.KAFKA_KEY);
    private static final int I_REASON = idx(LakeRows.REASON), I_DETAIL = idx(LakeRows.DETAIL), I_RAW = idx(LakeRows.RAW);

    private static int idx(String name) {
        return LakeRows.PARSED.fieldIndex(name);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
        EventValidator validator = new EventValidator();
        JsonFactory json = JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
        return RowIterators.map(records, r -> RowFactory.create(toValues(validator, json, (byte[]) r.get(0),
                (byte[]) r.get(1), r.getInt(2), r.getLong(3), (Timestamp) r.get(4))));
    }

    /** The {@link LakeRows#PARSED} values of one Kafka record (package-visible for unit tests). */
    static Object[] toValues(EventValidator validator, JsonFactory json, byte[] key, byte[] value, int partition,
                             long offset, Timestamp timestamp) {
        Object[] v = new Object[N];
        v[I_PARTITION] = partition;
        v[I_OFFSET] = offset;
        v[I_TS] = timestamp;
        v[I_KEY] = key == null ? null : new String(key, StandardCharsets.UTF_8);
        Verdict verdict = ChunkFiller.verdict(validator, value);
        if (verdict.isValid()) {
            fillEnvelope(v, verdict.event());
            try {
                fillFields(v, json, value);
            } catch (IOException | RuntimeException e) {
                // The validator accepted it, so it is a valid event (the envelope parser, which decides dedup and
                // routing, says so too): keep it with its optional columns empty (fillFields wrote none) rather
                // than lose or reject it.
            }
            return v;
        }
        v[I_REASON] = verdict.reason().code();
        v[I_DETAIL] = verdict.detail();
        v[I_RAW] = value;
        return v;
    }

    private static void fillEnvelope(Object[] v, EventEnvelope e) {
        v[I_ID] = e.id();
        v[I_TYPE] = e.type();
        v[I_CREATED] = new Timestamp(e.createdAtMillis());
        GhArchiveHour hour = GhArchiveHour.containing(Instant.ofEpochMilli(e.createdAtMillis()));
        v[I_DT] = hour.dt();
        v[I_HR] = hour.hr();
        v[I_EPOCH_HOUR] = hour.epochHour();
    }

    private static void fillFields(Object[] v, JsonFactory json, byte[] value) throws IOException {
        LakeValues fields = new LakeValues();
        LakeJsonReader.read(json, value, 0, value.length, fields);
        for (LakeColumn c : LakeColumn.values()) {
            if (c.reading() != LakeColumn.Reading.ENVELOPE) {
                v[idx(c.columnName())] = fields.get(c);
            }
        }
    }
}
