package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.testsupport.RealSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Pass 2's readings — the fast scan with pass 1's envelope ({@link LakeRowParser#eventValues}) and the one-pass
 * Jackson parser it falls back to ({@link LakeRowParser#validEventValues}) — must each give every lake column exactly what the old
 * rules ({@link LakeRowParser#toValues}: validator, then a full parse, payload as a String) give the same line — on
 * every real sample and on the odd shapes a foreign client could send. The payload is compared as the bytes Spark
 * writes: the old String's UTF-8 encoding against the new view of the line's bytes.
 */
class ValidEventParserTest {
    private final EventValidator validator = new EventValidator();
    private final JsonFactory json = new JsonFactory();

    @Test
    void everyValidLineOfEveryRealSampleGetsTheOldValues() {
        int compared = 0;
        for (RealSample s : RealSample.values()) {
            for (byte[] line : s.eventLines()) {
                if (validator.validate(line).isValid()) {
                    assertSameValues(line, s.name());
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(9000);
    }

    @Test
    void testFixturesGetTheOldValues() {
        assertSame(TestEvents.push(26167585827L, Instant.parse("2022-06-05T07:59:59Z")));
        assertSame(TestEvents.pullRequest(7, Instant.parse("2022-06-01T00:00:00Z"), 99, true));
        TestEvents.hourOfPushes(io.ghactivity.contracts.GhArchiveHour.parse("2022-06-01T03"), 1, 20).forEach(this::assertSame);
    }

    @Test
    void oddButValidShapesGetTheOldValues() {
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
    void aRecordThatIsNotAValidEventFailsTheBatchInsteadOfBeingWritten() {
        byte[] notAnEvent = "{\"id\":\"1\",\"type\":\"PushEvent\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LakeRowParser.validEventValues(validator, json, notAnEvent, 0, notAnEvent.length))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing_created_at");
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
        Object[] inPlace = LakeRowParser.validEventValues(validator, json, buf, off, inner.length);
        assertThat(inPlace).isEqualTo(LakeRowParser.validEventValues(validator, json, inner, 0, inner.length));
        assertThat(inPlace[LakeRows.EVENT.fieldIndex("payload")]).hasToString("{\"size\":2}");
    }

    @Test
    void theFastScanDecidesNearlyEveryRealLine() {
        int lines = 0;
        int fast = 0;
        for (RealSample s : RealSample.values()) {
            for (byte[] line : s.eventLines()) {
                if (validator.validate(line).isValid()) {
                    lines++;
                    fast += LakeFieldScan.read(line, 0, line.length, new Object[LakeRows.EVENT.size()]) ? 1 : 0;
                }
            }
        }
        assertThat(fast).as("fast of %d", lines).isGreaterThan(lines * 95 / 100);
    }

    @Test
    void mutatedRealLinesGetTheOldValuesOnEitherPath() {
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
                    fast += LakeFieldScan.read(bytes, 0, bytes.length, new Object[LakeRows.EVENT.size()]) ? 1 : 0;
                }
            }
        }
        assertThat(compared).isGreaterThan(8000);
        assertThat(fast).as("lines the fast scan decided, of %d", compared).isBetween(compared / 4, compared * 9 / 10);
    }

    private void assertSameValues(byte[] line, String what) {
        Object[] old = LakeRowParser.toValues(validator, json, null, line, 0, 0L, null);
        assertSameValues(old, LakeRowParser.validEventValues(validator, json, line, 0, line.length), what);
        assertSameValues(old, LakeRowParser.eventValues(validator, json, line, 0, line.length,
                validator.validate(line).event()), what);
    }

    private void assertSameValues(Object[] old, Object[] now, String what) {
        assertThat(now).hasSize(LakeRows.EVENT.size());
        for (int i = 0; i < now.length; i++) {
            String column = LakeRows.EVENT.fields()[i].name();
            assertThat(LakeRows.PARSED.fields()[i].name()).isEqualTo(column);
            Object expected = old[i];
            if ("payload".equals(column) && expected != null) {
                expected = UTF8String.fromString((String) expected);
            }
            assertThat(now[i]).as("%s of %s", column, what).isEqualTo(expected);
        }
    }
}
