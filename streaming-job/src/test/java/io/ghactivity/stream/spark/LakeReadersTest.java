package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.EventEnvelope;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.LakeColumn;
import io.ghactivity.stream.core.LakeFieldScan;
import io.ghactivity.stream.core.LakeJsonReader;
import io.ghactivity.testsupport.LakeRow;
import io.ghactivity.testsupport.RealSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Pass 2's readings — the byte scan ({@link LakeFieldScan}) and the Jackson reading it falls back to
 * ({@link LakeJsonReader}), each writing Spark's row through {@link LakeRowBuilder} — must give every lake column the
 * same value for any line the scan decides, and the rows the job writes must be what an independent reading of the
 * line (test-support's {@link LakeRow}: a Jackson tree along the same {@code LakeColumn} paths) gives, on every real
 * sample; odd shapes a foreign client could send, and mutated real lines, must read the same on either path.
 */
class LakeReadersTest {
    private final EventValidator validator = new EventValidator();
    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyValidLineOfEveryRealSampleReadsAsTheIndependentRecountSays() throws Exception {
        int compared = 0;
        for (RealSample s : RealSample.values()) {
            for (byte[] line : s.eventLines()) {
                if (validator.validate(line).isValid()) {
                    assertSameValues(line, s.name());
                    InternalRow row = eventRow(line);
                    LakeRow expected = LakeRow.parse(line);
                    for (LakeColumn c : LakeColumn.values()) {
                        Object value = row.get(c.index(), LakeRows.LAKE.fields()[c.index()].dataType());
                        if (c == LakeColumn.PAYLOAD && expected.payload() != null) { // re-serialised: compare as JSON
                            assertThat(mapper.readTree(value.toString())).as("payload of %s", s)
                                    .isEqualTo(mapper.readTree(expected.payload()));
                        } else {
                            Object want = expected.get(c);
                            want = want instanceof String t ? UTF8String.fromString(t)
                                    : want instanceof Instant i ? i.toEpochMilli() * 1000 : want;
                            assertThat(value).as("%s of %s", c, s).isEqualTo(want);
                        }
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(9000);
    }

    @Test
    void theColumnRulesOfLakeColumnHoldOnBothPaths() {
        String env = "\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\"";
        // a later path of a column fills it only while it is null; the first path always writes
        assertColumn("{\"id\":6," + env + ",\"payload\":{\"number\":7,\"pull_request\":{\"number\":5}}}",
                LakeColumn.PR_NUMBER, 7);
        assertColumn("{\"id\":6," + env + ",\"payload\":{\"pull_request\":{\"number\":5},\"number\":\"x\"}}",
                LakeColumn.PR_NUMBER, null);
        assertColumn("{\"id\":6," + env + ",\"payload\":{\"number\":\"x\",\"pull_request\":{\"number\":5}}}",
                LakeColumn.PR_NUMBER, 5);
        // a value not of the column's kind is null, and the last occurrence wins
        assertColumn("{\"id\":6," + env + ",\"actor\":{\"login\":\"a\",\"login\":5}}", LakeColumn.ACTOR_LOGIN, null);
        assertColumn("{\"id\":6," + env + ",\"actor\":{\"id\":\"77\"}}", LakeColumn.ACTOR_ID, 77L);
        assertColumn("{\"id\":6," + env + ",\"repo\":{\"id\":99999999999999999999}}", LakeColumn.REPO_ID, null);
        assertColumn("{\"id\":6," + env + ",\"payload\":{\"size\":3000000000}}", LakeColumn.PUSH_SIZE, null);
        assertColumn("{\"id\":6," + env + ",\"payload\":{\"size\":-12}}", LakeColumn.PUSH_SIZE, -12);
        assertColumn("{\"id\":6," + env + ",\"public\":false,\"public\":1}", LakeColumn.PUBLIC, null);
        // a path through something that is not an object gives nothing
        assertColumn("{\"id\":6," + env + ",\"org\":[1]}", LakeColumn.ORG_ID, null);
    }

    private void assertColumn(String line, LakeColumn column, Object expected) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertSameValues(bytes, line);
        Object value = eventRow(bytes).get(column.index(), LakeRows.LAKE.fields()[column.index()].dataType());
        assertThat(value).as("%s of %s", column, line)
                .isEqualTo(expected instanceof String t ? UTF8String.fromString(t) : expected);
    }

    @Test
    void testFixturesReadTheSameOnEitherPath() {
        assertSame(TestEvents.push(26167585827L, Instant.parse("2022-06-05T07:59:59Z")));
        assertSame(TestEvents.pullRequest(7, Instant.parse("2022-06-01T00:00:00Z"), 99, true));
        TestEvents.hourOfPushes(io.ghactivity.contracts.GhArchiveHour.parse("2022-06-01T03"), 1, 20).forEach(this::assertSame);
    }

    @Test
    void oddButValidShapesReadTheSameOnEitherPath() {
        String env = "\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\"";
        List<String> lines = new ArrayList<>(List.of(
                // payload that is not an object: its text, as before
                "{\"id\":1," + env + ",\"payload\":[1,{\"a\":2}]}",
                "{\"id\":1," + env + ",\"payload\":\"a\\u00e9\\n\\\"x\\\"\"}",
                "{\"id\":1," + env + ",\"payload\":12.50}",
                "{\"id\":1," + env + ",\"payload\":true}",
                "{\"id\":1," + env + ",\"payload\":null}",
                "{\"id\":1," + env + "}",
                // Go-style escapes, non-ASCII, numbers and whitespace inside the payload stay byte for byte
                "{\"id\":\"2\"," + env + ",\"payload\": { \"body\" : \"\\u003cb\\u003e \\/ é ✓ 😀\", \"n\" : -0, \"f\" : 1.0e5 } }",
                "{ \"id\" : \"3\" ,\n \"type\" : \"PushEvent\" , \"created_at\" : \"2022-06-01T00:00:00Z\" , \"payload\" : {\"size\":1}\n}",
                // ids and envelope values in every form the validator accepts
                "{\"id\":\"\\u0031\\u0032\"," + env + "}",
                "{\"id\":-0," + env + "}",
                "{\"id\":\"000000000000000042\"," + env + "}",
                "{\"id\":9223372036854775807," + env + "}",
                "{\"id\":\"bad\",\"id\":5," + env + "}",
                "{\"id\":5,\"type\":\"A\",\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00.123456Z\"}",
                "{\"id\":5,\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00+00:00\"}",
                "{\"id\":5,\"type\":\"PushEvent\",\"created_at\":\"2022-06-01t23:59:59.9z\"}",
                "{\"created_at\":\"2022-06-01T00:00:00Z\",\"type\":\"PushEvent\",\"id\":5}",
                // typed fields of odd types, quoted, too big, duplicated, in either order
                "{\"id\":6," + env + ",\"actor\":{\"id\":\"77\",\"login\":5},\"repo\":{\"id\":99999999999999999999,\"name\":\"o/r\"},"
                        + "\"org\":[1],\"public\":\"yes\"}",
                "{\"id\":6," + env + ",\"actor\":{\"id\":1,\"login\":\"a\"},\"actor\":{\"login\":null},\"public\":false,\"public\":1}",
                "{\"id\":6," + env + ",\"payload\":{\"action\":5,\"ref_type\":{\"x\":1},\"size\":3000000000,\"distinct_size\":\"2\"}}",
                "{\"id\":6," + env + ",\"payload\":{\"action\":\"a\"},\"payload\":{\"size\":1}}",
                "{\"id\":6," + env + ",\"payload\":{\"pull_request\":{\"number\":5,\"merged\":true},\"number\":\"x\"}}",
                "{\"id\":6," + env + ",\"payload\":{\"number\":\"x\",\"pull_request\":{\"number\":5,\"merged\":\"no\"}}}",
                "{\"id\":6," + env + ",\"payload\":{\"number\":7,\"pull_request\":{\"number\":5}}}",
                "{\"id\":6," + env + ",\"payload\":{\"pull_request\":[],\"number\":7.0}}"));
        lines.forEach(this::assertSame);
    }

    @Test
    void bytesThatDoNotParseAfterAllFailTheBatchInsteadOfBeingWritten() {
        byte[] cut = "{\"id\":\"1\",\"type\":\"PushEvent\",\"payload\":{\"a\":\"\\u00".getBytes(StandardCharsets.UTF_8);
        EventEnvelope pass1 = new EventEnvelope(1L, "PushEvent", 0L);
        assertThatThrownBy(() -> ChunkEventParser.eventRow(new LakeRowBuilder(), json, cut, 0, cut.length, pass1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pass 1 judged a valid event");
    }

    private void assertSame(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(validator.validate(bytes).isValid()).as("valid: %s", line).isTrue();
        assertSameValues(bytes, line);
    }

    @Test
    void aLineInsideALargerBufferIsReadFromItsOwnBytesOnly() {
        String line = "{\"id\":\"9\",\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\",\"payload\":{\"size\":2}}";
        byte[] inner = line.getBytes(StandardCharsets.UTF_8);
        byte[] buf = ("{\"payload\":{\"x\":1}}" + line + "{\"y\":2}").getBytes(StandardCharsets.UTF_8);
        int off = buf.length - inner.length - "{\"y\":2}".length();
        EventEnvelope envelope = validator.validate(inner).event();
        for (boolean fast : new boolean[] {true, false}) {
            InternalRow inPlace = read(buf, off, inner.length, envelope, fast);
            assertSameRow(read(inner, 0, inner.length, envelope, fast), inPlace, "in place, fast " + fast);
            assertThat(inPlace.getUTF8String(LakeColumn.PAYLOAD.index())).hasToString("{\"size\":2}");
            assertThat(inPlace.get(LakeColumn.PUSH_SIZE.index(), LakeRows.LAKE.fields()[LakeColumn.PUSH_SIZE.index()].dataType()))
                    .isEqualTo(2);
        }
    }

    @Test
    void theFastScanDecidesNearlyEveryRealLine() {
        int lines = 0;
        int fast = 0;
        for (RealSample s : RealSample.values()) {
            for (byte[] line : s.eventLines()) {
                if (validator.validate(line).isValid()) {
                    lines++;
                    fast += decides(line) ? 1 : 0;
                }
            }
        }
        assertThat(fast).as("fast of %d", lines).isGreaterThan(lines * 95 / 100);
    }

    @Test
    void mutatedRealLinesReadTheSameOnEitherPath() {
        // Edits that move lines off the fast path or into its corner cases: escapes, whitespace, duplicated and
        // reordered members, odd numbers and types in exactly the fields it reads.
        String[][] edits = {
                {"\"login\":\"", "\"login\":\"\\u0041"}, {"\"name\":\"", "\"name\" : \"x\\\"y"},
                {"\"action\":\"", "\"action\":\"\\n"}, {",\"", " ,\n\t\""}, {":", " : "},
                {"\"size\":", "\"size\":-0,\"size\":"}, {"\"size\":", "\"size\":2147483648,\"x\":"},
                {"\"distinct_size\":", "\"distinct_size\":1e2,\"y\":"}, {"\"number\":", "\"number\":\"7\",\"z\":"},
                {"\"merged\":", "\"merged\":\"true\",\"m\":"}, {"\"id\":", "\"id\":9223372036854775808,\"i\":"},
                {"\"actor\":{", "\"actor\":{\"id\":\"12\",\"login\":7,"}, {"\"public\":true", "\"public\":null"},
                {"\"payload\":{", "\"payload\":{\"pull_request\":{\"number\":3,\"merged\":false},"},
                {"\"repo\":{", "\"repo\":[1,{\"a\":\"}\"}],\"repo2\":{"}, {"\"org\":{", "\"org\":null,\"org\":{"},
                {"\"payload\":{", "\"p\\u0061yload\":{}, \"payload\":{"}, {"\"ref_type\":", "\"ref_type\":{\"k\":[]},\"r\":"}};
        java.util.Random random = new java.util.Random(42);
        int compared = 0;
        int fast = 0;
        for (RealSample s : RealSample.values()) {
            for (byte[] original : s.eventLines()) {
                String line = new String(original, StandardCharsets.UTF_8);
                for (int k = 0; k < 3; k++) {
                    String[] e = edits[random.nextInt(edits.length)];
                    int at = line.indexOf(e[0], random.nextInt(Math.max(1, line.length() / 2)));
                    if (at >= 0) {
                        line = line.substring(0, at) + e[1] + line.substring(at + e[0].length());
                    }
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (validator.validate(bytes).isValid()) {
                    assertSameValues(bytes, line);
                    compared++;
                    fast += decides(bytes) ? 1 : 0;
                }
            }
        }
        assertThat(compared).isGreaterThan(8000);
        assertThat(fast).as("lines the fast scan decided, of %d", compared).isBetween(compared / 4, compared * 9 / 10);
    }

    /**
     * The Jackson reading, the hot path's row ({@link ChunkEventParser#eventRow}) and, where it decides, the scan give
     * the same row; and the reject path's Java values ({@link LakeRowParser#toValues}) are the same values.
     */
    private void assertSameValues(byte[] line, String what) {
        EventEnvelope envelope = validator.validate(line).event();
        InternalRow jackson = read(line, 0, line.length, envelope, false);
        assertSameRow(jackson, eventRow(line), what);
        if (decides(line)) {
            assertSameRow(jackson, read(line, 0, line.length, envelope, true), what);
        }
        Object[] parsed = LakeRowParser.toValues(validator, json, null, line, 0, 0L, null);
        for (int c = 0; c < LakeRows.LAKE.size(); c++) {
            Object expected = parsed[c];
            if (expected instanceof String t) {
                expected = UTF8String.fromString(t);
            } else if (expected instanceof java.sql.Timestamp t) {
                expected = t.getTime() * 1000;
            }
            assertThat(jackson.get(c, LakeRows.LAKE.fields()[c].dataType()))
                    .as("%s of %s (reject path's reading)", LakeRows.LAKE.fields()[c].name(), what).isEqualTo(expected);
        }
    }

    private static void assertSameRow(InternalRow expected, InternalRow actual, String what) {
        for (int c = 0; c < LakeRows.LAKE.size(); c++) {
            DataType type = LakeRows.LAKE.fields()[c].dataType();
            assertThat(actual.get(c, type)).as("%s of %s", LakeRows.LAKE.fields()[c].name(), what)
                    .isEqualTo(expected.get(c, type));
        }
    }

    private InternalRow eventRow(byte[] line) {
        return ChunkEventParser.eventRow(new LakeRowBuilder(), json, line, 0, line.length,
                validator.validate(line).event());
    }

    private boolean decides(byte[] line) {
        LakeRowBuilder row = new LakeRowBuilder();
        row.start(validator.validate(line).event());
        return LakeFieldScan.read(line, 0, line.length, row);
    }

    /** One reader only: the scan (which must decide) or Jackson. */
    private InternalRow read(byte[] buf, int off, int len, EventEnvelope envelope, boolean fast) {
        LakeRowBuilder row = new LakeRowBuilder();
        row.start(envelope);
        if (fast) {
            assertThat(LakeFieldScan.read(buf, off, len, row)).as("the scan decides").isTrue();
        } else {
            try {
                LakeJsonReader.read(json, buf, off, len, row);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return row.row();
    }
}
