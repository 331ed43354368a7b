package io.ghactivity.contracts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The fast path of {@link EventValidator}: one pass over the bytes that checks strict JSON syntax (RFC 8259) and
 * UTF-8 together and reads {@code id}, {@code type} and {@code created_at} straight from the bytes, without a
 * tokenizer. It only ever answers "valid, with this envelope" or "not sure" ({@link #NOT_SURE}); every rejection, and
 * everything unusual (escapes in a top-level name or in {@code type}, a duplicated required field, deep nesting, long
 * numbers, a byte-order mark, timestamps not in GH Archive's {@code 2022-06-01T00:00:01Z} form, ...), is left to
 * Jackson. The grammar accepted here is a subset of what Jackson accepts with its default features and limits, so the
 * verdict never depends on which path decided it ({@code FastEventScanTest} checks this).
 *
 * <p>Why: Jackson's full tokenisation runs at ≈ 0.9–1.0 GB/s per core here and was the producer's largest cost after
 * gunzip; this scan runs at ≈ 2.2 GB/s ({@code gh-activity bench-validator}). Most bytes of an event are inside
 * strings (URLs, bodies), which it skips eight bytes at a time.
 */
final class FastEventScan {
    /** Returned when the scan cannot decide; the caller must then run the full Jackson validation. */
    static final Verdict NOT_SURE = null;

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int TRUE = littleEndian("true");
    private static final int NULL = littleEndian("null");
    private static final int ALSE = littleEndian("alse"); // "false" after its first byte
    /** Well under Jackson's limits (nesting 500+, number length 1000, names 50,000, strings 20 M chars). */
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER_CHARS = 100;
    private static final int MAX_NAME_BYTES = 1000;
    private static final int MAX_LINE = 16 << 20;
    private static final int FAIL = -1;

    private static final int ID = 1;
    private static final int TYPE = 2;
    private static final int CREATED_AT = 4;

    /** Top-level objects holding names with a size bound ({@link EventValidator#isNameKey}); 0 = any other. */
    private static final int ACTOR_OR_ORG = 1;
    private static final int REPO = 2;
    private static final int PAYLOAD = 3;

    private FastEventScan() {
    }

    static Verdict scan(byte[] b, int off, int len, EventValidator names) {
        if (len > MAX_LINE) {
            return NOT_SURE;
        }
        int end = off + len;
        int i = skipWhitespace(b, off, end);
        if (i >= end || b[i] != '{') {
            return NOT_SURE; // also a leading byte-order mark, which Jackson skips
        }
        long id = -1;
        String type = null;
        long createdAt = Long.MIN_VALUE;
        int seen = 0;
        i = skipWhitespace(b, i + 1, end);
        if (i < end && b[i] == '}') {
            return NOT_SURE; // no fields at all: a rejection, Jackson words it
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                return NOT_SURE;
            }
            int nameStart = i + 1;
            i = skipName(b, nameStart, end);
            if (i == FAIL) {
                return NOT_SURE;
            }
            int field = requiredField(b, nameStart, i - 1);
            if (field == FAIL || (seen & field) != 0) {
                return NOT_SURE; // an escaped name could spell a required one; Jackson keeps a duplicate's last value
            }
            seen |= field;
            i = skipWhitespace(b, i, end);
            if (i >= end || b[i] != ':') {
                return NOT_SURE;
            }
            i = skipWhitespace(b, i + 1, end);
            if (i >= end) {
                return NOT_SURE;
            }
            switch (field) {
                case ID -> {
                    int valueEnd = b[i] == '"' ? quotedDigitsEnd(b, i + 1, end) : plainDigitsEnd(b, i, end);
                    if (valueEnd == FAIL) {
                        return NOT_SURE;
                    }
                    id = digitsValue(b, b[i] == '"' ? i + 1 : i, b[i] == '"' ? valueEnd - 1 : valueEnd);
                    i = valueEnd;
                }
                case TYPE -> {
                    int valueEnd = b[i] == '"' ? skipString(b, i + 1, end) : FAIL;
                    if (valueEnd == FAIL || valueEnd - 1 == i + 1 || valueEnd - 1 - (i + 1) > EventValidator.MAX_TYPE_BYTES
                            || !plainAscii(b, i + 1, valueEnd - 1)) {
                        return NOT_SURE;
                    }
                    type = names.typeName(b, i + 1, valueEnd - 1 - (i + 1));
                    i = valueEnd;
                }
                case CREATED_AT -> {
                    if (i + 22 > end || b[i] != '"' || b[i + 21] != '"') {
                        return NOT_SURE;
                    }
                    createdAt = EventValidator.parseCompactUtc(b, i + 1);
                    if (createdAt < EventValidator.MIN_CREATED_AT_MILLIS) { // also the "not in this form" MIN_VALUE
                        return NOT_SURE;
                    }
                    i += 22;
                }
                default -> {
                    int holder = b[i] == '{' ? nameHolder(b, nameStart, i) : 0;
                    i = holder == 0 ? skipValue(b, i, end, 1) : skipObject(b, i + 1, end, 2, holder);
                    if (i == FAIL) {
                        return NOT_SURE;
                    }
                }
            }
            i = skipWhitespace(b, i, end);
            if (i >= end) {
                return NOT_SURE;
            }
            if (b[i] == ',') {
                i = skipWhitespace(b, i + 1, end);
            } else if (b[i] == '}') {
                break;
            } else {
                return NOT_SURE;
            }
        }
        if (skipWhitespace(b, i + 1, end) != end || seen != (ID | TYPE | CREATED_AT)) {
            return NOT_SURE;
        }
        return Verdict.valid(new EventEnvelope(id, type, createdAt));
    }

    /** Which required field the raw name bytes [from, to) spell, 0 for any other plain name, FAIL if escaped. */
    private static int requiredField(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 2 && b[from] == 'i' && b[from + 1] == 'd') {
            return ID;
        }
        if (n == 4 && b[from] == 't' && b[from + 1] == 'y' && b[from + 2] == 'p' && b[from + 3] == 'e') {
            return TYPE;
        }
        if (n == 10 && b[from] == 'c' && b[from + 7] == '_' && equalsAscii(b, from, "created_at")) {
            return CREATED_AT;
        }
        for (int k = from; k < to; k++) {
            if (b[k] == '\\') {
                return FAIL;
            }
        }
        return 0;
    }

    /**
     * Which name-holding object the top-level field whose name starts at {@code from} is ({@code actor}, {@code org},
     * {@code repo}, {@code payload}); {@code valueAt} is where its value starts, after the name, colon and blanks.
     */
    private static int nameHolder(byte[] b, int from, int valueAt) {
        int to = from;
        while (b[to] != '"') { // the name was already checked to be a plain string
            to++;
        }
        int n = to - from;
        if (n == 5 && equalsAscii(b, from, "actor")) {
            return ACTOR_OR_ORG;
        }
        if (n == 3 && equalsAscii(b, from, "org")) {
            return ACTOR_OR_ORG;
        }
        if (n == 4 && equalsAscii(b, from, "repo")) {
            return REPO;
        }
        return n == 7 && equalsAscii(b, from, "payload") ? PAYLOAD : 0;
    }

    /**
     * Whether the name [from, to) inside a name-holding object is one of its bounded names; FAIL when it has an
     * escape (it could spell one).
     */
    private static int isBoundedName(byte[] b, int from, int to, int holder) {
        for (int k = from; k < to; k++) {
            if (b[k] == '\\') {
                return FAIL;
            }
        }
        int n = to - from;
        boolean bounded = switch (holder) {
            case ACTOR_OR_ORG -> n == 5 && equalsAscii(b, from, "login");
            case REPO -> n == 4 && equalsAscii(b, from, "name");
            default -> n == 6 && equalsAscii(b, from, "action") || n == 8 && equalsAscii(b, from, "ref_type");
        };
        return bounded ? 1 : 0;
    }

    private static boolean equalsAscii(byte[] b, int from, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (b[from + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainAscii(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] < 0x20 || b[k] == '\\') { // negative bytes are non-ASCII
                return false;
            }
        }
        return true;
    }

    /** An unsigned integer id: 1-18 digits, no leading zero (Jackson rejects those), no fraction or exponent. */
    private static int plainDigitsEnd(byte[] b, int i, int end) {
        int k = i;
        while (k < end && b[k] >= '0' && b[k] <= '9') {
            k++;
        }
        int n = k - i;
        if (n == 0 || n > 18 || (n > 1 && b[i] == '0')) {
            return FAIL;
        }
        if (k < end && (b[k] == '.' || b[k] == 'e' || b[k] == 'E')) {
            return FAIL;
        }
        return k;
    }

    /** A string id of 1-18 digits; returns the index after the closing quote. */
    private static int quotedDigitsEnd(byte[] b, int i, int end) {
        int k = i;
        while (k < end && b[k] >= '0' && b[k] <= '9') {
            k++;
        }
        int n = k - i;
        return n == 0 || n > 18 || k >= end || b[k] != '"' ? FAIL : k + 1;
    }

    private static long digitsValue(byte[] b, int from, int to) {
        long v = 0;
        for (int k = from; k < to; k++) {
            v = v * 10 + (b[k] - '0');
        }
        return v;
    }

    private static int skipWhitespace(byte[] b, int i, int end) {
        if (i < end && b[i] > ' ') {
            return i; // GH Archive lines are compact: usually no whitespace at all
        }
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** Skips one value starting at {@code i}; returns the index after it, or FAIL. */
    private static int skipValue(byte[] b, int i, int end, int depth) {
        switch (b[i]) {
            case '"':
                return skipString(b, i + 1, end);
            case '{':
                return depth >= MAX_DEPTH ? FAIL : skipObject(b, i + 1, end, depth + 1, 0);
            case '[':
                return depth >= MAX_DEPTH ? FAIL : skipArray(b, i + 1, end, depth + 1);
            case 't':
                return word(b, i, end, TRUE);
            case 'f':
                return i + 5 <= end && word(b, i + 1, end, ALSE) != FAIL ? i + 5 : FAIL;
            case 'n':
                return word(b, i, end, NULL);
            default:
                return skipNumber(b, i, end);
        }
    }

    /**
     * Skips an object's body; inside a name-holding object ({@code holder} != 0) a bounded name's string value over
     * {@link EventValidator#MAX_NAME_BYTES} raw bytes is left to Jackson (decoded, it is never longer than raw).
     */
    private static int skipObject(byte[] b, int i, int end, int depth, int holder) {
        i = skipWhitespace(b, i, end);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                return FAIL;
            }
            int nameStart = i + 1;
            i = skipName(b, nameStart, end);
            if (i == FAIL) {
                return FAIL;
            }
            int bounded = holder == 0 ? 0 : isBoundedName(b, nameStart, i - 1, holder);
            if (bounded == FAIL) {
                return FAIL;
            }
            i = skipWhitespace(b, i, end);
            if (i >= end || b[i] != ':') {
                return FAIL;
            }
            i = skipWhitespace(b, i + 1, end);
            if (i >= end) {
                return FAIL;
            }
            int valueStart = i;
            i = skipValue(b, i, end, depth);
            if (bounded == 1 && i != FAIL && b[valueStart] == '"' && i - valueStart - 2 > EventValidator.MAX_NAME_BYTES) {
                return FAIL;
            }
            if (i == FAIL) {
                return FAIL;
            }
            i = skipWhitespace(b, i, end);
            if (i >= end) {
                return FAIL;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return FAIL;
            }
            i = skipWhitespace(b, i + 1, end);
        }
    }

    private static int skipArray(byte[] b, int i, int end, int depth) {
        i = skipWhitespace(b, i, end);
        if (i < end && b[i] == ']') {
            return i + 1;
        }
        while (true) {
            if (i >= end) {
                return FAIL;
            }
            i = skipValue(b, i, end, depth);
            if (i == FAIL) {
                return FAIL;
            }
            i = skipWhitespace(b, i, end);
            if (i >= end) {
                return FAIL;
            }
            if (b[i] == ']') {
                return i + 1;
            }
            if (b[i] != ',') {
                return FAIL;
            }
            i = skipWhitespace(b, i + 1, end);
        }
    }

    private static int littleEndian(String fourAsciiChars) {
        int w = 0;
        for (int k = 3; k >= 0; k--) {
            w = (w << 8) | fourAsciiChars.charAt(k);
        }
        return w;
    }

    /**
     * The position after the four bytes at {@code i} if they are {@code word} (a little-endian int, compared at once:
     * GH events are full of {@code null}, {@code false} and {@code true}, and a per-byte loop showed in profiles).
     */
    private static int word(byte[] b, int i, int end, int word) {
        return i + 4 <= end && (int) INTS.get(b, i) == word ? i + 4 : FAIL; // the caller's grammar checks what follows
    }

    /** RFC 8259 number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private static int skipNumber(byte[] b, int i, int end) {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return FAIL;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i + 1, end);
        } else {
            return FAIL;
        }
        if (i < end && b[i] == '.') {
            int from = i + 1;
            i = digits(b, from, end);
            if (i == from) {
                return FAIL;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int from = i;
            i = digits(b, from, end);
            if (i == from) {
                return FAIL;
            }
        }
        return i - start > MAX_NUMBER_CHARS ? FAIL : i;
    }

    private static int digits(byte[] b, int i, int end) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** A field name: a string, and short (Jackson limits names to 50,000 characters; GitHub's are short). */
    private static int skipName(byte[] b, int i, int end) {
        int after = skipString(b, i, end);
        return after != FAIL && after - i > MAX_NAME_BYTES ? FAIL : after;
    }

    /**
     * Skips a string body starting after its opening quote; returns the index after the closing quote, or FAIL on an
     * unescaped control character, a bad escape, malformed UTF-8 or a missing closing quote.
     */
    private static int skipString(byte[] b, int i, int end) {
        while (true) {
            byte c;
            if (i + 8 <= end) {
                // Eight bytes at a time: jump straight to the first '"', '\\', control character or non-ASCII byte.
                long special = SwarScan.jsonStringStop(SwarScan.word(b, i));
                if (special == 0) {
                    i += SwarScan.WORD;
                    continue;
                }
                i += SwarScan.firstFlagged(special);
                c = b[i];
            } else if (i < end) {
                c = b[i];
                if (c >= 0x20 && c != '"' && c != '\\') { // plain ASCII in the last few bytes
                    i++;
                    continue;
                }
            } else {
                return FAIL;
            }
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i = skipEscape(b, i + 1, end);
            } else if (c < 0) {
                i = Utf8.sequenceEnd(b, i, end);
            } else {
                return FAIL; // an unescaped control character
            }
            if (i == FAIL) {
                return FAIL;
            }
        }
    }

    private static int skipEscape(byte[] b, int i, int end) {
        if (i >= end) {
            return FAIL;
        }
        switch (b[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return i + 1;
            case 'u':
                if (i + 5 > end) {
                    return FAIL;
                }
                for (int k = i + 1; k < i + 5; k++) {
                    byte h = b[k];
                    if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                        return FAIL;
                    }
                }
                return i + 5;
            default:
                return FAIL;
        }
    }
}
