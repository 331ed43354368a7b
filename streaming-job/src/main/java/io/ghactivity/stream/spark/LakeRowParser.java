package io.ghactivity.stream.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ghactivity.contracts.EventEnvelope;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Kafka record → {@link LakeRows#PARSED} row, in one streaming pass over the value bytes.
 *
 * <p>Validity is decided by the shared {@link EventValidator} (the producer's rule, so both ends agree on what a valid
 * event is); a record that fails it keeps its raw bytes and the {@code DlqReason} code. For valid events a Jackson
 * streaming parse picks out the lake columns and copies {@code payload} as the exact byte range of the original line —
 * no re-serialisation, so nothing is lost or reformatted. This is several times cheaper than Spark's {@code from_json}
 * with a second parse for the typed payload fields.
 *
 * <p>Input rows: {@code key, value, partition, offset, timestamp} of Spark's Kafka source.
 */
public final class LakeRowParser implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int N = LakeRows.PARSED.size();
    private static final int I_ID = idx("id"), I_TYPE = idx("type"), I_CREATED = idx("created_at");
    // Package-visible: LakeFieldScan fills the same columns (the lake columns lead both PARSED and EVENT).
    static final int I_ACTOR_ID = idx("actor_id"), I_ACTOR_LOGIN = idx("actor_login");
    static final int I_REPO_ID = idx("repo_id"), I_REPO_NAME = idx("repo_name");
    static final int I_ORG_ID = idx("org_id"), I_ORG_LOGIN = idx("org_login"), I_PUBLIC = idx("public");
    static final int I_ACTION = idx("action"), I_REF_TYPE = idx("ref_type");
    static final int I_PUSH_SIZE = idx("push_size"), I_PUSH_DISTINCT = idx("push_distinct_size");
    static final int I_PR_NUMBER = idx("pr_number"), I_PR_MERGED = idx("pr_merged"), I_PAYLOAD = idx("payload");
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
                // routing, says so too): keep it with its optional columns empty rather than lose or reject it.
                for (int i = 0; i < I_EPOCH_HOUR; i++) {
                    if (i != I_ID && i != I_TYPE && i != I_CREATED && i != I_DT && i != I_HR) {
                        v[i] = null;
                    }
                }
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
        readFields(v, json, value, 0, value.length, null);
    }

    /**
     * The lake values of a record pass 1 judged valid, in {@link LakeRows#EVENT} order: {@code id}, {@code type} and
     * {@code created_at} from the envelope pass 1's validator read, the other columns from {@link LakeFieldScan} —
     * or, where that scan is not sure, all of them from {@link #validEventValues}. Either way exactly the values
     * {@link #toValues} gives the same line ({@code ValidEventParserTest}).
     */
    static Object[] eventValues(EventValidator validator, JsonFactory json, byte[] buf, int off, int len,
                                EventEnvelope envelope) {
        Object[] v = new Object[LakeRows.EVENT.size()];
        if (LakeFieldScan.read(buf, off, len, v)) {
            fillEnvelope(v, envelope);
            return v;
        }
        return validEventValues(validator, json, buf, off, len);
    }

    /**
     * The lake values of a record pass 1 judged valid, in {@link LakeRows#EVENT} order, from ONE Jackson pass over
     * {@code len} bytes of {@code buf} at {@code off}: no second validator run, and {@code payload} as a
     * {@link UTF8String} view of the exact bytes of the line (UTF-8 already checked by the validator, so these are
     * exactly the bytes the old String held; nothing is copied). {@code id}, {@code type} and {@code created_at} are
     * read by the validator's own rules (last occurrence of each, {@link EventValidator#parseUtc}); should the record
     * not parse here after all, the values come from the validator exactly as {@link #toValues} does.
     *
     * @throws IllegalStateException if the record is not a valid event: pass 1 said it was, so the batch must fail
     *                               rather than write something the two passes disagree on
     */
    static Object[] validEventValues(EventValidator validator, JsonFactory json, byte[] buf, int off, int len) {
        Object[] v = new Object[LakeRows.EVENT.size()];
        Object[] envelope = new Object[3];
        try {
            readFields(v, json, buf, off, len, envelope);
            if (envelope[0] != null && envelope[1] != null && envelope[2] != null) {
                fillEnvelope(v, new EventEnvelope((Long) envelope[0], (String) envelope[1], (Long) envelope[2]));
                return v;
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the exact old path below decides
        }
        Object[] old = toValues(validator, json, null, Arrays.copyOfRange(buf, off, off + len), 0, 0L, null);
        if (old[I_REASON] != null) {
            throw new IllegalStateException("pass 2 found a record pass 1 judged valid to be " + old[I_REASON]);
        }
        System.arraycopy(old, 0, v, 0, v.length);
        if (v[I_PAYLOAD] != null) {
            v[I_PAYLOAD] = UTF8String.fromString((String) v[I_PAYLOAD]);
        }
        return v;
    }

    /**
     * One streaming pass over the top-level fields. {@code envelope}, when given, receives the last {@code id},
     * {@code type} and {@code created_at} as the validator reads them, and {@code payload} is stored as a
     * {@link UTF8String} (a view of {@code buf} when it is an object) instead of a String.
     */
    private static void readFields(Object[] v, JsonFactory json, byte[] buf, int off, int len, Object[] envelope)
            throws IOException {
        try (JsonParser p = json.createParser(buf, off, len)) {
            p.nextToken(); // START_OBJECT, checked by the validator
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken tok = p.nextToken();
                switch (field) {
                    case "actor" -> readIdAnd(p, tok, v, I_ACTOR_ID, "login", I_ACTOR_LOGIN);
                    case "repo" -> readIdAnd(p, tok, v, I_REPO_ID, "name", I_REPO_NAME);
                    case "org" -> readIdAnd(p, tok, v, I_ORG_ID, "login", I_ORG_LOGIN);
                    case "public" -> v[I_PUBLIC] = tok == JsonToken.VALUE_TRUE ? Boolean.TRUE
                            : tok == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                    case "payload" -> readPayload(p, tok, v, buf, off, envelope != null);
                    case "id" -> readEnvelope(p, tok, envelope, 0);
                    case "type" -> readEnvelope(p, tok, envelope, 1);
                    case "created_at" -> readEnvelope(p, tok, envelope, 2);
                    default -> p.skipChildren();
                }
            }
        }
    }

    /** The validator's reading of id (digit string or non-negative integer), type and created_at; null if not valid. */
    private static void readEnvelope(JsonParser p, JsonToken tok, Object[] envelope, int i) throws IOException {
        if (envelope == null) {
            p.skipChildren();
            return;
        }
        Object value = null;
        if (i == 0) {
            value = EventValidator.parseId(p, tok);
        } else if (i == 1 && tok == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
            value = p.getText();
        } else if (i == 2 && tok == JsonToken.VALUE_STRING) {
            long ms = EventValidator.parseUtc(p.getText());
            value = ms == Long.MIN_VALUE ? null : ms;
        } else {
            p.skipChildren();
        }
        envelope[i] = value;
    }

    /** {@code {"id": n, "<nameField>": "…", …}} → two columns; anything else leaves them null. */
    private static void readIdAnd(JsonParser p, JsonToken tok, Object[] v, int idIdx, String nameField, int nameIdx)
            throws IOException {
        if (tok != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String f = p.currentName();
            JsonToken val = p.nextToken();
            if ("id".equals(f)) {
                v[idIdx] = longOrNull(p, val);
            } else if (nameField.equals(f) && val == JsonToken.VALUE_STRING) {
                v[nameIdx] = p.getText();
            } else {
                p.skipChildren();
            }
        }
    }

    /** Jackson's byte offsets count from {@code off}, where the parser started. */
    private static void readPayload(JsonParser p, JsonToken tok, Object[] v, byte[] buf, int off, boolean asUtf8)
            throws IOException {
        if (tok != JsonToken.START_OBJECT) {
            String text = tok == JsonToken.VALUE_NULL ? null : p.getText(); // not an object: keep its text
            v[I_PAYLOAD] = text == null || !asUtf8 ? text : UTF8String.fromString(text);
            p.skipChildren();
            return;
        }
        int start = off + (int) p.currentTokenLocation().getByteOffset();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String f = p.currentName();
            JsonToken val = p.nextToken();
            switch (f) {
                case "action" -> v[I_ACTION] = stringOrNull(p, val);
                case "ref_type" -> v[I_REF_TYPE] = stringOrNull(p, val);
                case "size" -> v[I_PUSH_SIZE] = intOrNull(p, val);
                case "distinct_size" -> v[I_PUSH_DISTINCT] = intOrNull(p, val);
                case "number" -> v[I_PR_NUMBER] = intOrNull(p, val);
                case "pull_request" -> readPullRequest(p, val, v);
                default -> p.skipChildren();
            }
        }
        int end = off + (int) p.currentLocation().getByteOffset(); // just after the closing brace
        v[I_PAYLOAD] = asUtf8 ? UTF8String.fromBytes(buf, start, end - start)
                : new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    private static void readPullRequest(JsonParser p, JsonToken tok, Object[] v) throws IOException {
        if (tok != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String f = p.currentName();
            JsonToken val = p.nextToken();
            if ("number".equals(f) && v[I_PR_NUMBER] == null) {
                v[I_PR_NUMBER] = intOrNull(p, val); // payload.number wins when both exist
            } else if ("merged".equals(f)) {
                v[I_PR_MERGED] = val == JsonToken.VALUE_TRUE ? Boolean.TRUE : val == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
            } else {
                p.skipChildren();
            }
        }
    }

    private static String stringOrNull(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static Long longOrNull(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) { // some API recordings quote ids
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        p.skipChildren();
        return null;
    }

    private static Integer intOrNull(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        p.skipChildren();
        return null;
    }
}
