package io.ghactivity.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.testsupport.RealSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pass 2's one-pass parser ({@link LakeRowParser#validEventValues}) must give every lake column exactly what the old
 * rules ({@link LakeRowParser#toValues}: validator, then a full parse, payload as a String) give the same line — on
 * every real sample and on the odd shapes a foreign client could send. The payload is compared as the bytes Spark
 * writes: the old String's UTF-8 encoding against the new byte slice.
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
        assertThatThrownBy(() -> LakeRowParser.validEventValues(validator, json, notAnEvent))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing_created_at");
    }

    private void assertSame(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(validator.validate(bytes).isValid()).as("valid: %s", line).isTrue();
        assertSameValues(bytes, line);
    }

    private void assertSameValues(byte[] line, String what) {
        Object[] old = LakeRowParser.toValues(validator, json, null, line, 0, 0L, null);
        Object[] now = LakeRowParser.validEventValues(validator, json, line);
        assertThat(now).hasSize(LakeRows.EVENT.size());
        for (int i = 0; i < now.length; i++) {
            String column = LakeRows.EVENT.fields()[i].name();
            assertThat(LakeRows.PARSED.fields()[i].name()).isEqualTo(column);
            Object expected = old[i];
            if ("payload".equals(column) && expected != null) {
                expected = ((String) expected).getBytes(StandardCharsets.UTF_8);
            }
            assertThat(now[i]).as("%s of %s", column, what).isEqualTo(expected);
        }
    }
}
