package io.ghactivity.stream.core;

import io.ghactivity.contracts.LakeColumn;
import io.ghactivity.contracts.SwarScan;
import io.ghactivity.stream.core.LakeFieldTree.Field;
import java.nio.charset.StandardCharsets;

/**
 * Pass 2's fast path: the lake columns of a line that pass 1's validator already accepted, read straight from the
 * bytes along {@link LakeColumn}'s paths ({@link LakeFieldTree}) without a tokenizer, by the enum's reading rules —
 * member by member in document order, so a later occurrence overwrites as it does in {@link LakeJsonReader}. It
 * answers "undecided" (false) on anything that would need decoding: an escape in a member name or in a string it
 * keeps, or a payload that is not an object. The caller then discards what it wrote and runs {@link LakeJsonReader};
 * this class calls nothing back.
 *
 * <p>Why: pass 2's Jackson reading was ≈ 28 % of the stream's samples, most of it tokenizing the payload only to skip
 * it. The line is known to be well-formed JSON (the validator checked it), so skipping a value is finding where it
 * ends — strings eight bytes at a time. Strings and the payload go to the writer as ranges of the line (no copy,
 * no decoding), numbers as primitives. Bounds are still checked everywhere, so a malformed line ends in
 * "undecided", never in an exception.
 */
public final class LakeFieldScan {
    private static final int MAX_DEPTH = 512;
    private static final int NOT_SURE = -1;

    private LakeFieldScan() {
    }

    /**
     * Writes the non-envelope columns of the line of {@code len} bytes at {@code off} of {@code b} to {@code out};
     * false when undecided — what it wrote must then be discarded.
     */
    public static boolean read(byte[] b, int off, int len, LakeRowWriter out) {
        int end = off + len;
        int i = ws(b, off, end);
        if (i >= end || b[i] != '{') {
            return false;
        }
        return object(b, i, end, LakeFieldTree.ROOT, out) != NOT_SURE;
    }

    /** Walks the members of the object at {@code i} (its '{'), reading those in {@code fields}; the index after '}'. */
    private static int object(byte[] b, int i, int end, Field[] fields, LakeRowWriter out) {
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
            Field f = Field.find(fields, b, i + 1, nameEnd - i - 1);
            i = f == null ? skipValue(b, at, end) : member(b, at, end, f, out);
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

    /** The value at {@code at} of a member the tree names; returns the index after it. */
    private static int member(byte[] b, int at, int end, Field f, LakeRowWriter out) {
        int column = f.column();
        if (column < 0) {
            return b[at] == '{' ? object(b, at, end, f.children(), out) : skipValue(b, at, end);
        }
        if (f.reading() == LakeColumn.Reading.RAW_JSON) {
            if (b[at] != '{') {
                return NOT_SURE; // a value that is not an object keeps its decoded text: Jackson's job
            }
            int after = object(b, at, end, f.children(), out);
            if (after != NOT_SURE) {
                out.setUtf8(column, b, at, after - at);
            }
            return after;
        }
        if (f.fallback() && !out.isNull(column)) {
            return skipValue(b, at, end);
        }
        switch (f.kind()) {
            case BIGINT -> {
                if (!putLong(b, at, end, column, out)) {
                    return NOT_SURE;
                }
            }
            case INT -> putInt(b, at, end, column, out);
            case BOOLEAN -> putBoolean(b[at], column, out);
            case STRING -> {
                if (b[at] == '"') {
                    int close = stringEnd(b, at + 1, end, false);
                    if (close == NOT_SURE) {
                        return NOT_SURE;
                    }
                    out.setUtf8(column, b, at + 1, close - at - 1);
                    return close + 1;
                }
                out.setNull(column);
            }
            default -> throw new IllegalStateException(f.kind() + " is not read from the JSON");
        }
        return skipValue(b, at, end);
    }

    /** BIGINT: an integer literal that fits a long, or a string without escapes that parses as one; else null. */
    private static boolean putLong(byte[] b, int i, int end, int column, LakeRowWriter out) {
        if (b[i] == '"') {
            int close = stringEnd(b, i + 1, end, false);
            if (close == NOT_SURE) {
                return false;
            }
            try { // Long.parseLong's own rule (a sign is allowed), as the Jackson reading applies it; rare
                out.setLong(column, Long.parseLong(new String(b, i + 1, close - i - 1, StandardCharsets.UTF_8)));
            } catch (NumberFormatException e) {
                out.setNull(column);
            }
            return true;
        }
        int digitsEnd = integerEnd(b, i, end);
        int digits = digitsEnd - i - (b[i] == '-' ? 1 : 0);
        if (digitsEnd < 0 || digits == 0) {
            out.setNull(column);
        } else if (digits <= 18) { // cannot overflow: no String, no exception on the hot path
            out.setLong(column, parseDigits(b, i, digitsEnd));
        } else {
            try {
                out.setLong(column, Long.parseLong(new String(b, i, digitsEnd - i, StandardCharsets.US_ASCII)));
            } catch (NumberFormatException e) {
                out.setNull(column);
            }
        }
        return true;
    }

    /** INT: an integer literal within int range (Jackson's INT number type); else null. */
    private static void putInt(byte[] b, int i, int end, int column, LakeRowWriter out) {
        int digitsEnd = integerEnd(b, i, end);
        int digits = digitsEnd - i - (b[i] == '-' ? 1 : 0);
        if (digitsEnd < 0 || digits == 0 || digits > 12) {
            out.setNull(column);
            return;
        }
        long l = parseDigits(b, i, digitsEnd);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            out.setNull(column);
        } else {
            out.setInt(column, (int) l);
        }
    }

    /** BOOLEAN: a value's first byte → true, false, or null for any other value. */
    private static void putBoolean(byte first, int column, LakeRowWriter out) {
        if (first == 't') {
            out.setBoolean(column, true);
        } else if (first == 'f') {
            out.setBoolean(column, false);
        } else {
            out.setNull(column);
        }
    }

    /** The end of the integer literal at {@code i} (optional minus, digits); -1 if it is not an integer literal. */
    private static int integerEnd(byte[] b, int i, int end) {
        if (b[i] != '-' && (b[i] < '0' || b[i] > '9')) {
            return -1;
        }
        int j = i + 1;
        while (j < end && b[j] >= '0' && b[j] <= '9') {
            j++;
        }
        if (j < end && (b[j] == '.' || b[j] == 'e' || b[j] == 'E')) {
            return -1;
        }
        return j;
    }

    /** An integer literal of at most 18 digits (so it cannot overflow). */
    private static long parseDigits(byte[] b, int i, int end) {
        boolean negative = b[i] == '-';
        long n = 0;
        for (int j = negative ? i + 1 : i; j < end; j++) {
            n = n * 10 + (b[j] - '0');
        }
        return negative ? -n : n;
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
}
