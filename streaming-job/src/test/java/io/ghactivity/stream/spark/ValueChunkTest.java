package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.Verdict;
import io.ghactivity.stream.core.Envelopes;
import io.ghactivity.stream.core.OffsetSet;
import io.ghactivity.testsupport.RealSample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Pass 1 ({@link ValuePacker}) and pass 2 ({@link ChunkEventParser}) on Spark's internal rows, without a Spark job:
 * every record's envelope is the job's one validity rule applied to its value, the chunks hold exactly the valid
 * values, and pass 2 gives each kept event exactly the lake row the Row-based parser gives the same line.
 */
class ValueChunkTest {
    /** The columns of Spark's Kafka source, in its order. */
    private static final StructType KAFKA = new StructType()
            .add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType).add("timestampType", DataTypes.IntegerType);

    private final EventValidator validator = new EventValidator();
    private final JsonFactory json = new JsonFactory();

    @Test
    void unsafeRowsOfRealSamplesAndBadRecordsArePackedJudgedAndParsedLikeTheRowParser() {
        List<byte[]> values = inputs();
        List<ValueChunk> chunks = pack(values, true);
        assertThat(chunks).as("more than one chunk, so chunk boundaries are crossed").hasSizeGreaterThan(1);
        assertEnvelopesAndRows(values, chunks, new OffsetSet());
    }

    @Test
    void otherRowKindsTakeTheCopyingPathWithTheSameResult() {
        List<byte[]> values = inputs();
        assertEnvelopesAndRows(values, pack(values, false), new OffsetSet());
    }

    @Test
    void droppedRecordsAreNotParsedAndOthersKeepTheirOrder() {
        List<byte[]> values = inputs();
        OffsetSet drop = new OffsetSet();
        for (int i = 0; i < values.size(); i += 3) {
            drop.add(partition(i), i);
        }
        assertEnvelopesAndRows(values, pack(values, true), drop);
    }

    @Test
    void aValueThatDoesNotFitStartsTheNextChunk() {
        int big = ValueChunk.TARGET_BYTES * 9 / 16; // two do not fit in one chunk, and each is under the event limit
        assertThat(big).isLessThan(Topics.MAX_EVENT_BYTES);
        List<byte[]> values = List.of(event(1, big), event(2, big),
                line("{\"id\":\"3\",\"type\":\"A\",\"created_at\":\"2022-06-01T00:00:00Z\"}"));
        List<ValueChunk> chunks = pack(values, true);
        assertThat(chunks).extracting(ValueChunk::size).containsExactly(1, 2);
        assertEnvelopesAndRows(values, chunks, new OffsetSet());
    }

    @Test
    void rejectsWhereTheRecordIndexGrowsAreKept() {
        // The chunk's index starts at 2048 records and doubles; a reject exactly there once failed the batch.
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 4100; i++) {
            values.add(i == 2048 || i == 4096 ? line("not json")
                    : line("{\"id\":\"" + (i + 1) + "\",\"type\":\"A\",\"created_at\":\"2022-06-01T00:00:00Z\"}"));
        }
        List<ValueChunk> chunks = pack(values, true);
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).envelopes().isValid(2048)).isFalse();
        assertThat(chunks.get(0).envelopes().isValid(4096)).isFalse();
        assertEnvelopesAndRows(values, chunks, new OffsetSet());
    }

    private static byte[] event(long id, int bytes) {
        String head = "{\"id\":\"" + id + "\",\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\",\"payload\":{\"b\":\"";
        return line(head + "x".repeat(bytes - head.length() - 3) + "\"}}");
    }

    private void assertEnvelopesAndRows(List<byte[]> values, List<ValueChunk> chunks, OffsetSet drop) {
        List<Object[]> expectedRows = new ArrayList<>();
        int record = 0;
        for (ValueChunk c : chunks) {
            Envelopes e = c.envelopes();
            for (int i = 0; i < c.size(); i++, record++) {
                byte[] value = values.get(record);
                Verdict v = ChunkFiller.verdict(validator, value);
                assertThat(e.partition(i)).isEqualTo(partition(record));
                assertThat(e.offset(i)).isEqualTo(record);
                assertThat(e.reason(i)).as("record %d", record).isEqualTo(v.isValid() ? null : v.reason().code());
                if (v.isValid()) {
                    assertThat(e.id(i)).isEqualTo(v.event().id());
                    assertThat(e.createdMillis(i)).isEqualTo(v.event().createdAtMillis());
                    assertThat(Arrays.copyOfRange(c.data(), c.start(i), c.start(i) + c.length(i))).isEqualTo(value);
                    if (!drop.contains(partition(record), record)) {
                        expectedRows.add(LakeRowParser.toValues(validator, json, null, value, 0, 0L, null));
                    }
                } else {
                    assertThat(c.length(i)).as("a reject keeps no bytes").isZero();
                }
            }
        }
        assertThat(record).isEqualTo(values.size());
        List<InternalRow> rows = new ArrayList<>();
        ChunkEventParser.rows(chunks.iterator(), drop).forEachRemaining(rows::add);
        assertThat(rows).hasSize(expectedRows.size());
        for (int r = 0; r < rows.size(); r++) {
            InternalRow row = rows.get(r);
            Object[] old = expectedRows.get(r);
            for (int c = 0; c < LakeRows.LAKE.size(); c++) {
                Object expected = old[c];
                if (expected instanceof String s) {
                    expected = UTF8String.fromString(s);
                } else if (expected instanceof java.sql.Timestamp t) {
                    expected = t.getTime() * 1000;
                }
                assertThat(row.get(c, LakeRows.LAKE.fields()[c].dataType()))
                        .as("%s of row %d", LakeRows.LAKE.fields()[c].name(), r).isEqualTo(expected);
            }
        }
    }

    private List<ValueChunk> pack(List<byte[]> values, boolean unsafe) {
        UnsafeProjection toUnsafe = UnsafeProjection.create(KAFKA);
        List<InternalRow> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            InternalRow r = new GenericInternalRow(new Object[] {null, values.get(i), UTF8String.fromString("t"),
                    partition(i), (long) i, 0L, 0});
            rows.add(unsafe ? toUnsafe.apply(r).copy() : r);
        }
        List<ValueChunk> chunks = new ArrayList<>();
        Iterator<ValueChunk> it = new ValuePacker(KAFKA).call(rows.iterator());
        it.forEachRemaining(chunks::add);
        return chunks;
    }

    /** Every real sample's lines (valid and not), then the bad records a foreign client could produce. */
    private static List<byte[]> inputs() {
        List<byte[]> values = new ArrayList<>();
        for (RealSample s : RealSample.values()) {
            values.addAll(s.eventLines());
        }
        values.add(null);
        values.add(new byte[Topics.MAX_EVENT_BYTES + 1]);
        values.add(line("not json"));
        values.add(line("{\"id\":\"1\",\"type\":\"PushEvent\"}"));
        values.add(new byte[] {'{', (byte) 0xC3, '}'});
        values.add(line(""));
        values.add(line("{\"id\":5,\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\",\"payload\":null}"));
        return values;
    }

    private static int partition(int record) {
        return record % 3;
    }

    private static byte[] line(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
