package io.ghactivity.contracts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Decides whether one line is a valid GH Archive event: a JSON object with {@code id} (decimal digits, as a string or a
 * non-negative integer), a non-empty string {@code type} and an ISO-8601 UTC {@code created_at}; every other field is
 * optional and passed through untouched. Anything else gets a {@link DlqReason}.
 *
 * <p>Bounds for hostile input, so that what passes fits every later stage: {@code created_at} in
 * [{@value #MIN_CREATED_AT_MILLIS}, {@value #MAX_CREATED_AT_MILLIS}) ms, i.e. 1970-01-01 up to (excluded) the year
 * 10000 (Kafka timestamps are non-negative; the lake's {@code dt=} and the warehouse need four-digit years); {@code type}
 * at most {@value #MAX_TYPE_BYTES} UTF-8 bytes; the names that become warehouse text columns ({@code actor.login},
 * {@code repo.name}, {@code org.login}, {@code payload.action}, {@code payload.ref_type}, when strings) at most
 * {@value #MAX_NAME_BYTES} bytes, the width of those columns in Redshift; nesting at most {@value #MAX_NESTING_DEPTH}
 * levels. {@code type} and names may contain any other characters, markup included: consumers render them as text.
 *
 * <p>Used by the producer on every line and by the streaming job on records written by other clients, so the rule
 * lives once. It is fast: {@link FastEventScan} decides the usual valid line in one pass over the bytes; anything it is
 * not sure of, every rejection included, goes through a streaming Jackson parse over the byte range (no String per
 * line; only the three fields are materialised) after an ASCII fast-path UTF-8 check. Thread-safe: its only state is
 * a small cache of type names, where a race costs at most one allocation.
 */
public final class EventValidator {
    private static final int MAX_DETAIL = 200;
    /** Smallest valid {@code created_at}: 1970-01-01T00:00:00Z (a Kafka record timestamp cannot be negative). */
    public static final long MIN_CREATED_AT_MILLIS = 0;
    /** First invalid {@code created_at}: +10000-01-01T00:00:00Z. */
    public static final long MAX_CREATED_AT_MILLIS = 253_402_300_800_000L;
    /** Longest {@code type} in UTF-8 bytes (GitHub's longest, PullRequestReviewCommentEvent, has 29). */
    public static final int MAX_TYPE_BYTES = 64;
    /**
     * Longest name that becomes a warehouse text column, in UTF-8 bytes: the loader's Redshift VARCHAR(512) (GitHub
     * logins have at most 39 characters, repository full names about 140).
     */
    public static final int MAX_NAME_BYTES = 512;
    /** Deepest JSON nesting accepted: Jackson's default limit, made explicit so it is part of the rule. */
    public static final int MAX_NESTING_DEPTH = 1000;

    private final String[] typeCache = new String[256];
    private final JsonFactory json = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // error messages must not echo (possibly huge) lines
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    public Verdict validate(byte[] line) {
        return validate(line, 0, line.length);
    }

    public Verdict validate(byte[] buf, int off, int len) {
        Verdict fast = FastEventScan.scan(buf, off, len, this);
        return fast != FastEventScan.NOT_SURE ? fast : validateWithJackson(buf, off, len);
    }

    /**
     * The full rule through Jackson alone, and the only path that words rejections; {@link FastEventScan} defers to
     * it. Public as the reference the fast path is tested and benchmarked against.
     */
    public Verdict validateWithJackson(byte[] buf, int off, int len) {
        if (!Utf8.isValid(buf, off, len)) {
            return Verdict.reject(DlqReason.INVALID_UTF8, "not well-formed UTF-8");
        }
        try (JsonParser p = json.createParser(buf, off, len)) {
            return parse(p);
        } catch (StreamConstraintsException e) {
            boolean depth = e.getMessage() != null && e.getMessage().contains("nesting depth");
            return Verdict.reject(depth ? DlqReason.TOO_DEEPLY_NESTED : DlqReason.NOT_JSON, shorten(e.getMessage()));
        } catch (IOException e) {
            return Verdict.reject(DlqReason.NOT_JSON, shorten(e.getMessage()));
        }
    }

    private Verdict parse(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return Verdict.reject(DlqReason.NOT_JSON, "empty");
        }
        if (first != JsonToken.START_OBJECT) {
            p.skipChildren();
            p.nextToken(); // still reject trailing garbage as not JSON rather than not an object
            return Verdict.reject(DlqReason.NOT_OBJECT, "top-level value is " + first.asString());
        }
        Long id = null;
        String idProblem = null;
        String type = null;
        String typeProblem = null;
        long createdAt = Long.MIN_VALUE;
        String createdProblem = null;
        String nameProblem = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "id" -> {
                    id = parseId(p, v);
                    idProblem = id == null ? "id is " + describe(p, v) : null;
                }
                case "type" -> {
                    type = v == JsonToken.VALUE_STRING && p.getTextLength() > 0 ? typeName(p) : null;
                    typeProblem = type == null ? "type is " + describe(p, v) : null;
                }
                case "created_at" -> {
                    createdAt = v == JsonToken.VALUE_STRING ? parseUtc(p.getText()) : Long.MIN_VALUE;
                    createdProblem = createdAt == Long.MIN_VALUE ? "created_at is " + describe(p, v) : null;
                }
                case "actor", "repo", "org", "payload" -> {
                    String problem = longName(p, v, field);
                    nameProblem = nameProblem == null ? problem : nameProblem;
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            return Verdict.reject(DlqReason.NOT_JSON, "content after the JSON object");
        }
        if (idProblem != null) {
            return Verdict.reject(DlqReason.BAD_ID, idProblem);
        }
        if (id == null) {
            return Verdict.reject(DlqReason.MISSING_ID, "no id field");
        }
        if (typeProblem != null) {
            return Verdict.reject(DlqReason.BAD_TYPE, typeProblem);
        }
        if (type == null) {
            return Verdict.reject(DlqReason.MISSING_TYPE, "no type field");
        }
        int typeBytes = utf8Length(type);
        if (typeBytes > MAX_TYPE_BYTES) {
            return Verdict.reject(DlqReason.TYPE_TOO_LONG, "type is " + typeBytes + " bytes, over " + MAX_TYPE_BYTES);
        }
        if (createdProblem != null) {
            return Verdict.reject(DlqReason.BAD_CREATED_AT, createdProblem);
        }
        if (createdAt == Long.MIN_VALUE) {
            return Verdict.reject(DlqReason.MISSING_CREATED_AT, "no created_at field");
        }
        if (createdAt < MIN_CREATED_AT_MILLIS || createdAt >= MAX_CREATED_AT_MILLIS) {
            return Verdict.reject(DlqReason.CREATED_AT_OUT_OF_RANGE, "created_at " + Instant.ofEpochMilli(createdAt)
                    + " is outside 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z");
        }
        if (nameProblem != null) {
            return Verdict.reject(DlqReason.NAME_TOO_LONG, nameProblem);
        }
        return Verdict.valid(new EventEnvelope(id, type, createdAt));
    }

    /**
     * For the value of a top-level {@code actor}, {@code repo}, {@code org} or {@code payload}: a description of its
     * first name field ({@link #nameKey}) whose string is over {@link #MAX_NAME_BYTES} bytes, or null. Skips the value.
     */
    private static String longName(JsonParser p, JsonToken v, String object) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String problem = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING && problem == null && isNameKey(object, key)) {
                int bytes = utf8Length(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (bytes > MAX_NAME_BYTES) {
                    problem = object + "." + key + " is " + bytes + " bytes, over " + MAX_NAME_BYTES;
                }
            }
            p.skipChildren();
        }
        return problem;
    }

    /** Whether {@code key} inside the top-level {@code object} is a name that becomes a warehouse text column. */
    static boolean isNameKey(String object, String key) {
        return switch (object) {
            case "actor", "org" -> key.equals("login");
            case "repo" -> key.equals("name");
            case "payload" -> key.equals("action") || key.equals("ref_type");
            default -> false;
        };
    }

    private static int utf8Length(String s) {
        return utf8Length(s.toCharArray(), 0, s.length());
    }

    /** UTF-8 length of chars; a lone surrogate (which a JSON escape can produce) counts 3 bytes. */
    private static int utf8Length(char[] c, int o, int n) {
        int bytes = 0;
        for (int i = o; i < o + n; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                bytes++;
            } else if (ch < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < o + n && Character.isLowSurrogate(c[i + 1])) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * The type as a String, reusing the same instance for a repeated name (there are ~15 types in millions of events):
     * no allocation per event, and its hash is computed once.
     */
    private String typeName(JsonParser p) throws IOException {
        char[] c = p.getTextCharacters();
        return typeName(i -> c[i], p.getTextOffset(), p.getTextLength());
    }

    /** The same for {@link FastEventScan}, whose types are plain ASCII bytes (each byte is its char). */
    String typeName(byte[] b, int o, int n) {
        return typeName(i -> (char) b[i], o, n);
    }

    private String typeName(Chars c, int o, int n) {
        int h = 0;
        for (int i = o; i < o + n; i++) {
            h = 31 * h + c.at(i);
        }
        int slot = (h ^ (h >>> 16)) & (typeCache.length - 1);
        String cached = typeCache[slot];
        if (cached != null && sameChars(cached, c, o, n)) {
            return cached;
        }
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = c.at(o + i);
        }
        String s = new String(chars);
        typeCache[slot] = s; // a benign race between threads at worst costs an allocation
        return s;
    }

    private static boolean sameChars(String s, Chars c, int o, int n) {
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != c.at(o + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The id rule, for a parser positioned on the value of {@code id}: a non-negative integer, or a string of 1–18
     * decimal digits; anything else (skipped) gives null. Public so a reader of already-validated records applies
     * exactly this rule.
     */
    public static Long parseId(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return null;
            }
            long n = p.getLongValue();
            return n >= 0 ? n : null;
        }
        if (v == JsonToken.VALUE_STRING) {
            char[] c = p.getTextCharacters();
            int o = p.getTextOffset();
            int n = p.getTextLength();
            if (n == 0 || n > 18) { // 18 digits always fit a long; GitHub ids have 10-11
                return null;
            }
            long value = 0;
            for (int i = o; i < o + n; i++) {
                if (c[i] < '0' || c[i] > '9') {
                    return null;
                }
                value = value * 10 + (c[i] - '0');
            }
            return value;
        }
        p.skipChildren();
        return null;
    }

    /** Epoch millis of an ISO-8601 UTC timestamp, or {@link Long#MIN_VALUE}. Fast path for GH Archive's {@code 2022-06-01T00:00:01Z}. */
    public static long parseUtc(String s) {
        try {
            if (s.length() == 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                    && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(19) == 'Z') {
                return compactUtc(s::charAt, 0);
            }
            if (s.endsWith("Z") || s.endsWith("z")) {
                return Instant.parse(s).toEpochMilli();
            }
            OffsetDateTime o = OffsetDateTime.parse(s);
            return o.getOffset().equals(ZoneOffset.UTC) ? o.toInstant().toEpochMilli() : Long.MIN_VALUE;
        } catch (DateTimeException | NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * {@link #parseUtc}'s fast path over the 20 bytes at {@code o} ({@code yyyy-MM-ddTHH:mm:ssZ}, the same rule and
     * result), or {@link Long#MIN_VALUE} if they are not in that form or not a real time.
     */
    static long parseCompactUtc(byte[] b, int o) {
        if (b[o + 4] != '-' || b[o + 7] != '-' || b[o + 10] != 'T' || b[o + 13] != ':' || b[o + 16] != ':'
                || b[o + 19] != 'Z') {
            return Long.MIN_VALUE;
        }
        try {
            return compactUtc(k -> (char) b[o + k], 0);
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Characters by index, so one routine serves Jackson's char buffers, raw bytes and Strings. */
    private interface Chars {
        char at(int index);
    }

    private static long compactUtc(Chars s, int o) {
        LocalDateTime t = LocalDateTime.of(digits(s, o, 4), digits(s, o + 5, 2), digits(s, o + 8, 2),
                digits(s, o + 11, 2), digits(s, o + 14, 2), digits(s, o + 17, 2));
        return t.toEpochSecond(ZoneOffset.UTC) * 1000;
    }

    private static int digits(Chars s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.at(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit at " + i);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String describe(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return "\"" + shorten(p.getText()) + "\"";
        }
        p.skipChildren();
        return v.isScalarValue() ? shorten(p.getText()) : v.asString() == null ? v.name() : v.asString();
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }
}
