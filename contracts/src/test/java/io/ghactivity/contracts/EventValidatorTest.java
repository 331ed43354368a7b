package io.ghactivity.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    private final EventValidator validator = new EventValidator();

    private Verdict check(String line) {
        return validator.validate(line.getBytes(StandardCharsets.UTF_8));
    }

    private DlqReason reason(String line) {
        Verdict v = check(line);
        assertThat(v.isValid()).as("expected a rejection of %s", line).isFalse();
        assertThat(v.detail()).isNotBlank();
        return v.reason();
    }

    @Test
    void acceptsAGhArchiveLineAndParsesTheEnvelope() {
        Verdict v = check("{\"id\":\"22749283432\",\"type\":\"PushEvent\",\"actor\":{\"id\":1,\"login\":\"a\"},"
                + "\"payload\":{\"id\":\"x\",\"commits\":[{\"id\":5}]},\"public\":true,\"created_at\":\"2022-06-01T07:01:02Z\"}");
        assertThat(v.isValid()).isTrue();
        assertThat(v.event()).isEqualTo(new EventEnvelope(22749283432L, "PushEvent",
                Instant.parse("2022-06-01T07:01:02Z").toEpochMilli()));
    }

    @Test
    void acceptsNumericIdsFractionalSecondsAndZeroOffsets() {
        assertThat(check("{\"id\":42,\"type\":\"X\",\"created_at\":\"2015-01-01T12:00:00.123Z\"}").event())
                .isEqualTo(new EventEnvelope(42, "X", Instant.parse("2015-01-01T12:00:00.123Z").toEpochMilli()));
        assertThat(check("{\"created_at\":\"2015-01-01T12:00:00+00:00\",\"type\":\"X\",\"id\":\"7\"}").isValid()).isTrue();
    }

    @Test
    void nonAsciiUtf8IsFine() {
        assertThat(check("{\"id\":\"1\",\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\",\"m\":\"héllo ✓ 😀\"}").isValid()).isTrue();
    }

    @Test
    void rejectsEachMalformedClassWithItsReason() {
        assertThat(reason("not json at all")).isEqualTo(DlqReason.NOT_JSON);
        assertThat(reason("{\"id\":\"1\",\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"")).isEqualTo(DlqReason.NOT_JSON);
        assertThat(reason("{\"id\":\"1\",\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"} trailing")).isEqualTo(DlqReason.NOT_JSON);
        assertThat(reason("[1,2,3]")).isEqualTo(DlqReason.NOT_OBJECT);
        assertThat(reason("\"a string\"")).isEqualTo(DlqReason.NOT_OBJECT);
        assertThat(reason("{\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"}")).isEqualTo(DlqReason.MISSING_ID);
        assertThat(reason("{\"id\":\"12a\",\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"}")).isEqualTo(DlqReason.BAD_ID);
        assertThat(reason("{\"id\":-3,\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"}")).isEqualTo(DlqReason.BAD_ID);
        assertThat(reason("{\"id\":1.5,\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"}")).isEqualTo(DlqReason.BAD_ID);
        assertThat(reason("{\"id\":{\"a\":1},\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"}")).isEqualTo(DlqReason.BAD_ID);
        assertThat(reason("{\"id\":\"1\",\"created_at\":\"2022-06-01T00:00:00Z\"}")).isEqualTo(DlqReason.MISSING_TYPE);
        assertThat(reason("{\"id\":\"1\",\"type\":\"\",\"created_at\":\"2022-06-01T00:00:00Z\"}")).isEqualTo(DlqReason.BAD_TYPE);
        assertThat(reason("{\"id\":\"1\",\"type\":7,\"created_at\":\"2022-06-01T00:00:00Z\"}")).isEqualTo(DlqReason.BAD_TYPE);
        assertThat(reason("{\"id\":\"1\",\"type\":\"X\"}")).isEqualTo(DlqReason.MISSING_CREATED_AT);
        assertThat(reason("{\"id\":\"1\",\"type\":\"X\",\"created_at\":\"yesterday\"}")).isEqualTo(DlqReason.BAD_CREATED_AT);
        assertThat(reason("{\"id\":\"1\",\"type\":\"X\",\"created_at\":\"2022-06-31T00:00:00Z\"}")).isEqualTo(DlqReason.BAD_CREATED_AT);
        assertThat(reason("{\"id\":\"1\",\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00+02:00\"}")).isEqualTo(DlqReason.BAD_CREATED_AT);
        assertThat(reason("{\"id\":\"1\",\"type\":\"X\",\"created_at\":1654041600}")).isEqualTo(DlqReason.BAD_CREATED_AT);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] line = "{\"id\":\"1\",\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\",\"m\":\"??\"}".getBytes(StandardCharsets.US_ASCII);
        line[line.length - 4] = (byte) 0xc3; // a lead byte followed by a non-continuation byte
        assertThat(validator.validate(line).reason()).isEqualTo(DlqReason.INVALID_UTF8);
    }

    @Test
    void validatesASliceOfALargerBuffer() {
        byte[] buf = "garbage{\"id\":\"9\",\"type\":\"T\",\"created_at\":\"2022-06-01T00:00:00Z\"}garbage".getBytes(StandardCharsets.UTF_8);
        assertThat(validator.validate(buf, 7, buf.length - 14).event().id()).isEqualTo(9);
    }
}
