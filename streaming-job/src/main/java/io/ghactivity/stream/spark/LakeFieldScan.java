package io.ghactivity.stream.spark;

import static io.ghactivity.stream.spark.LakeRowParser.I_ACTION;
import static io.ghactivity.stream.spark.LakeRowParser.I_ACTOR_ID;
import static io.ghactivity.stream.spark.LakeRowParser.I_ACTOR_LOGIN;
import static io.ghactivity.stream.spark.LakeRowParser.I_ORG_ID;
import static io.ghactivity.stream.spark.LakeRowParser.I_ORG_LOGIN;
import static io.ghactivity.stream.spark.LakeRowParser.I_PAYLOAD;
import static io.ghactivity.stream.spark.LakeRowParser.I_PR_MERGED;
import static io.ghactivity.stream.spark.LakeRowParser.I_PR_NUMBER;
import static io.ghactivity.stream.spark.LakeRowParser.I_PUBLIC;
import static io.ghactivity.stream.spark.LakeRowParser.I_PUSH_DISTINCT;
import static io.ghactivity.stream.spark.LakeRowParser.I_PUSH_SIZE;
import static io.ghactivity.stream.spark.LakeRowParser.I_REF_TYPE;
import static io.ghactivity.stream.spark.LakeRowParser.I_REPO_ID;
import static io.ghactivity.stream.spark.LakeRowParser.I_REPO_NAME;

import io.ghactivity.contracts.SwarScan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Pass 2's fast path: the typed lake columns of a line that pass 1's validator already accepted, read straight from
 * the bytes — {@code actor}, {@code repo}, {@code org}, {@code public} and {@code payload} with its typed fields —
 * without a tokenizer. It applies exactly {@link LakeRowParser}'s rules, field by field in document order (later
 * occurrences overwrite as they do there), and answers "not sure" on anything that would need decoding: an escape in
 * a name or in a string it keeps, or a payload that is not an object. Then the caller runs the Jackson reading.
 *
 * <p>Why: pass 2's Jackson reading was ≈ 28 % of the stream's samples, most of it tokenizing the payload only to skip
 * it. The line is known to be well-formed JSON (the validator checked it), so skipping a value is finding where it
 * ends — strings eight bytes at a time. Bounds are still checked everywhere, so a malformed line ends in "not sure",
 * never in an exception.
 */
final class LakeFieldScan {
    private static final int MAX_DEPTH = 512;
    private static final int NOT_SURE = -1;

    private static final byte[] ACTOR = ascii("actor"), REPO = ascii("repo"), ORG = ascii("org");
    private static final byte[] PUBLIC = ascii("public"), PAYLOAD = ascii("payload"), ID = ascii("id");
    private static final byte[] LOGIN = ascii("login"), NAME = ascii("name"), ACTION = ascii("action");
    private static final byte[] REF_TYPE = ascii("ref_type"), SIZE = ascii("size"), DISTINCT_SIZE = ascii("distinct_size");
    private static final byte[] NUMBER = ascii("number"), PULL_REQUEST = ascii("pull_request"), MERGED = ascii("merged");

    private LakeFieldScan() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Fills the typed columns of {@code v} ({@link LakeRows#EVENT} order; payload as a {@link UTF8String} view of
     * {@code b}) from the line at {@code off}; false when not sure — {@code v} must then be discarded.
     */
    static boolean read(byte[] b, int off, int len, Object[] v) {
        int end = off + len;
        int i = ws(b, off, end);
        if (i >= end || b[i] != '{') {
            return false;
        }
        return members(b, i, end, (field, n, at) -> {
            if (is(b, field, n, ACTOR)) {
                return idAnd(b, at, end, v, I_ACTOR_ID, LOGIN, I_ACTOR_LOGIN);
            } else if (is(b, field, n, REPO)) {
                return idAnd(b, at, end, v, I_REPO_ID, NAME, I_REPO_NAME);
            } else if (is(b, field, n, ORG)) {
                return idAnd(b, at, end, v, I_ORG_ID, LOGIN, I_ORG_LOGIN);
            } else if (is(b, field, n, PUBLIC)) {
                v[I_PUBLIC] = bool(b[at]);
            } else if (is(b, field, n, PAYLOAD)) {
                return payload(b, at, end, v);
            }
            return skipValue(b, at, end);
        }) != NOT_SURE;
    }

    /** {@code {"id": n, "<name>": "…"}}: the id by {@code longOrNull}'s rule, the name only when it is a string. */
    private static int idAnd(byte[] b, int i, int end, Object[] v, int idIdx, byte[] name, int nameIdx) {
        if (b[i] != '{') {
            return skipValue(b, i, end);
        }
        return members(b, i, end, (field, n, at) -> {
            if (is(b, field, n, ID)) {
                if (!putLong(b, at, end, v, idIdx)) {
                    return NOT_SURE;
                }
            } else if (is(b, field, n, name) && b[at] == '"') {
                String s = plainString(b, at, end);
                if (s == null) {
                    return NOT_SURE;
                }
                v[nameIdx] = s;
            }
            return skipValue(b, at, end);
        });
    }

    private static int payload(byte[] b, int i, int end, Object[] v) {
        if (b[i] != '{') {
            return NOT_SURE; // a payload that is not an object keeps its decoded text: Jackson's job
        }
        int start = i;
        int after = members(b, i, end, (field, n, at) -> {
            int text = is(b, field, n, ACTION) ? I_ACTION : is(b, field, n, REF_TYPE) ? I_REF_TYPE : -1;
            if (text >= 0) {
                String s = null;
                if (b[at] == '"') {
                    s = plainString(b, at, end);
                    if (s == null) {
                        return NOT_SURE;
                    }
                }
                v[text] = s;
            } else if (is(b, field, n, SIZE)) {
                v[I_PUSH_SIZE] = intOrNull(b, at, end);
            } else if (is(b, field, n, DISTINCT_SIZE)) {
                v[I_PUSH_DISTINCT] = intOrNull(b, at, end);
            } else if (is(b, field, n, NUMBER)) {
                v[I_PR_NUMBER] = intOrNull(b, at, end);
            } else if (is(b, field, n, PULL_REQUEST) && b[at] == '{') {
                return members(b, at, end, (f, m, x) -> {
                    if (is(b, f, m, NUMBER) && v[I_PR_NUMBER] == null) {
                        v[I_PR_NUMBER] = intOrNull(b, x, end); // payload.number wins when both exist
                    } else if (is(b, f, m, MERGED)) {
                        v[I_PR_MERGED] = bool(b[x]);
                    }
                    return skipValue(b, x, end);
                });
            }
            return skipValue(b, at, end);
        });
        if (after != NOT_SURE) {
            v[I_PAYLOAD] = UTF8String.fromBytes(b, start, after - start);
        }
        return after;
    }

    /** What to do with one member of an object: gets the name's bytes and the value's first byte, returns its end. */
    private interface Member {
        int at(int nameStart, int nameLength, int valueStart);
    }

    /** Walks the members of the object at {@code i} (its '{'); returns the index after its '}'. */
    private static int members(byte[] b, int i, int end, Member member) {
        i = ws(b, i + 1, end);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                return NOT_SURE;
            }
            int nameEnd = stringEnd(b, i + 1, end, false);
            if (nameEnd == NOT_SURE) {
                return NOT_SURE;
            }
            int at = ws(b, nameEnd + 1, end);
            if (at >= end || b[at] != ':') {
                return NOT_SURE;
            }
            at = ws(b, at + 1, end);
            if (at >= end) {
                return NOT_SURE;
            }
            i = member.at(i + 1, nameEnd - i - 1, at);
            if (i == NOT_SURE) {
                return NOT_SURE;
            }
            i = ws(b, i, end);
            if (i >= end) {
                return NOT_SURE;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return NOT_SURE;
            }
            i = ws(b, i + 1, end);
        }
    }

    /** {@code LakeRowParser.longOrNull}: an integer that fits a long, or a string that parses as one; else null. */
    private static boolean putLong(byte[] b, int i, int end, Object[] v, int idx) {
        if (b[i] == '"') {
            String s = plainString(b, i, end);
            if (s == null) {
                return false;
            }
            v[idx] = parseLongOrNull(s);
        } else {
            String n = integerLiteral(b, i, end);
            v[idx] = n == null ? null : parseLongOrNull(n);
        }
        return true;
    }

    /** {@code LakeRowParser.intOrNull}: an integer literal within int range (Jackson's INT number type); else null. */
    private static Integer intOrNull(byte[] b, int i, int end) {
        String n = integerLiteral(b, i, end);
        Long l = n == null || n.length() > 12 ? null : parseLongOrNull(n);
        return l == null || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE ? null : (int) (long) l;
    }

    private static Long parseLongOrNull(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The text of the number at {@code i} if it is an integer (no fraction, no exponent), else null. */
    private static String integerLiteral(byte[] b, int i, int end) {
        if (b[i] != '-' && (b[i] < '0' || b[i] > '9')) {
            return null;
        }
        int j = i + 1;
        while (j < end && b[j] >= '0' && b[j] <= '9') {
            j++;
        }
        if (j < end && (b[j] == '.' || b[j] == 'e' || b[j] == 'E')) {
            return null;
        }
        return new String(b, i, j - i, StandardCharsets.US_ASCII);
    }

    /** A value's first byte → true, false, or null for any other value. */
    private static Boolean bool(byte first) {
        return first == 't' ? Boolean.TRUE : first == 'f' ? Boolean.FALSE : null;
    }

    /** The string at {@code i} (its opening quote) when it has no escape; null otherwise. */
    private static String plainString(byte[] b, int i, int end) {
        int close = stringEnd(b, i + 1, end, false);
        return close == NOT_SURE ? null : new String(b, i + 1, close - i - 1, StandardCharsets.UTF_8);
    }

    /**
     * The index of the closing quote of the string whose content starts at {@code i}; with {@code escapes} false,
     * NOT_SURE at the first backslash. Eight bytes at a time: the lowest byte that is a quote or a backslash.
     */
    private static int stringEnd(byte[] b, int i, int end, boolean escapes) {
        while (true) {
            if (i + SwarScan.WORD <= end) {
                long hit = SwarScan.quoteOrBackslash(SwarScan.word(b, i));
                if (hit == 0) {
                    i += SwarScan.WORD;
                    continue;
                }
                i += SwarScan.firstFlagged(hit); // first-exact: the lowest flag is a real hit
            } else {
                while (i < end && b[i] != '"' && b[i] != '\\') {
                    i++;
                }
                if (i >= end) {
                    return NOT_SURE;
                }
            }
            if (b[i] == '"') {
                return i;
            }
            if (!escapes) {
                return NOT_SURE;
            }
            i += 2; // a backslash and the byte it escapes (\\uXXXX's digits are plain bytes)
        }
    }

    /** The index just after the value at {@code i}. */
    private static int skipValue(byte[] b, int i, int end) {
        byte c = b[i];
        if (c == '"') {
            int close = stringEnd(b, i + 1, end, true);
            return close == NOT_SURE ? NOT_SURE : close + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (i < end) {
                c = b[i];
                if (c == '"') {
                    int close = stringEnd(b, i + 1, end, true);
                    if (close == NOT_SURE) {
                        return NOT_SURE;
                    }
                    i = close + 1;
                    continue;
                }
                if (c == '{' || c == '[') {
                    if (++depth > MAX_DEPTH) {
                        return NOT_SURE;
                    }
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
                i++;
            }
            return NOT_SURE;
        }
        while (i < end && c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            c = ++i < end ? b[i] : 0;
        }
        return i;
    }

    private static int ws(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean is(byte[] b, int start, int n, byte[] name) {
        return Arrays.equals(b, start, start + n, name, 0, name.length);
    }
}
