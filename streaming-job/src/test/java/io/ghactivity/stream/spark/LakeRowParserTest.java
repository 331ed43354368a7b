package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LakeRowParserTest {
    private final EventValidator validator = new EventValidator();
    private final JsonFactory json = new JsonFactory();

    private Object[] parse(String line) {
        return parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private Object[] parse(byte[] value) {
        return LakeRowParser.toValues(validator, json, "k".getBytes(StandardCharsets.UTF_8), value, 3, 42L,
                new Timestamp(0));
    }

    private static Object get(Object[] v, String column) {
        return v[LakeRows.PARSED.fieldIndex(column)];
    }

    @Test
    void pushEventBecomesALakeRowWithThePayloadBytesUnchanged() {
        String line = TestEvents.push(26167585827L, Instant.parse("2022-06-05T07:59:59Z"));
        Object[] v = parse(line);
        assertThat(get(v, LakeRows.REASON)).isNull();
        assertThat(get(v, "id")).isEqualTo(26167585827L);
        assertThat(get(v, "type")).isEqualTo("PushEvent");
        assertThat(get(v, "created_at")).isEqualTo(Timestamp.from(Instant.parse("2022-06-05T07:59:59Z")));
        assertThat(get(v, "dt")).isEqualTo("2022-06-05");
        assertThat(get(v, "hr")).isEqualTo("07");
        assertThat(get(v, "push_size")).isEqualTo(2);
        assertThat(get(v, "push_distinct_size")).isEqualTo(1);
        assertThat(get(v, "actor_login")).isEqualTo("user827");
        assertThat(get(v, "repo_name")).isEqualTo("org/repo" + (26167585827L % 77));
        assertThat(get(v, "public")).isEqualTo(true);
        assertThat(get(v, "org_id")).isNull();
        String payload = line.substring(line.indexOf("\"payload\":") + 10, line.indexOf(",\"public\""));
        assertThat(get(v, "payload")).isEqualTo(payload);
        assertThat(get(v, LakeRows.RAW)).as("valid rows do not carry the raw bytes twice").isNull();
        assertThat(get(v, LakeRows.KAFKA_PARTITION)).isEqualTo(3);
        assertThat(get(v, LakeRows.KAFKA_OFFSET)).isEqualTo(42L);
    }

    @Test
    void pullRequestFieldsAndNumericIdsAndNonAsciiPayloads() {
        Object[] v = parse(TestEvents.pullRequest(7, Instant.parse("2022-06-01T00:00:00Z"), 99, false));
        assertThat(get(v, "action")).isEqualTo("closed");
        assertThat(get(v, "pr_number")).isEqualTo(99);
        assertThat(get(v, "pr_merged")).isEqualTo(false);
        assertThat(get(v, "org_login")).isEqualTo("org");

        String review = "{\"id\":123,\"type\":\"PullRequestReviewEvent\",\"created_at\":\"2022-06-01T00:00:00Z\","
                + "\"payload\":{\"action\":\"créé ✓\",\"pull_request\":{\"number\":5,\"merged\":null}}}";
        Object[] r = parse(review);
        assertThat(get(r, "id")).isEqualTo(123L);
        assertThat(get(r, "pr_number")).isEqualTo(5);
        assertThat(get(r, "pr_merged")).isNull();
        assertThat(get(r, "action")).isEqualTo("créé ✓");
        assertThat(get(r, "payload")).isEqualTo("{\"action\":\"créé ✓\",\"pull_request\":{\"number\":5,\"merged\":null}}");
    }

    @Test
    void recordsThatAreNotValidEventsKeepTheirBytesAndTheValidatorsReason() {
        assertReject("hello", "not_json");
        assertReject("[1,2]", "not_object");
        assertReject("{\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\"}", "missing_id");
        assertReject("{\"id\":\"12a\",\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\"}", "bad_id");
        assertReject("{\"id\":\"1\",\"created_at\":\"2022-06-01T00:00:00Z\"}", "missing_type");
        assertReject("{\"id\":\"1\",\"type\":\"PushEvent\",\"created_at\":\"yesterday\"}", "bad_created_at");
        assertReject("{\"id\":\"1\",\"type\":\"PushEvent\"}", "missing_created_at");
        Object[] utf = parse(new byte[] {'{', '"', 'a', (byte) 0xFF, '"', '}'});
        assertThat(get(utf, LakeRows.REASON)).isEqualTo("invalid_utf8");
        Object[] big = parse(new byte[Topics.MAX_EVENT_BYTES + 1]);
        assertThat(get(big, LakeRows.REASON)).isEqualTo("oversized");
        Object[] tombstone = parse((byte[]) null);
        assertThat(get(tombstone, LakeRows.REASON)).isEqualTo("not_json");
    }

    private void assertReject(String line, String reason) {
        Object[] v = parse(line);
        assertThat(get(v, LakeRows.REASON)).as(line).isEqualTo(reason);
        assertThat(get(v, LakeRows.DETAIL)).as(line).isNotNull();
        assertThat(new String((byte[]) get(v, LakeRows.RAW), StandardCharsets.UTF_8)).isEqualTo(line);
        assertThat(get(v, "id")).isNull();
        assertThat(get(v, "dt")).isNull();
    }
}
