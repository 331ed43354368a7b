package io.ghactivity.stream.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ghactivity.contracts.LakeColumn;
import io.ghactivity.stream.core.LakeFieldTree.Field;
import java.io.IOException;

/**
 * The lake columns of a valid event line by one Jackson streaming pass along {@link LakeColumn}'s paths
 * ({@link LakeFieldTree}): the reading for every line {@link LakeFieldScan} leaves undecided (escapes, a payload that
 * is not an object), and the reject path's reading. It applies the same rules as the scan, member by member in
 * document order, so both give the same row for any line the scan decides ({@code LakeReadersTest}). An object
 * payload is passed on as the exact byte range of the line — no re-serialisation, so nothing is lost or reformatted.
 */
public final class LakeJsonReader {
    private LakeJsonReader() {
    }

    /**
     * Writes the non-envelope columns of the line of {@code len} bytes at {@code off} of {@code buf} to {@code out}.
     *
     * @throws IOException if the bytes are not JSON (the validator accepted them, so a caller treats it as a bug)
     */
    public static void read(JsonFactory json, byte[] buf, int off, int len, LakeRowWriter out) throws IOException {
        try (JsonParser p = json.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            object(p, LakeFieldTree.ROOT, buf, off, out);
        }
    }

    private static void object(JsonParser p, Field[] fields, byte[] buf, int off, LakeRowWriter out) throws IOException {
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            Field f = Field.find(fields, p.currentName());
            JsonToken value = p.nextToken();
            if (f == null) {
                p.skipChildren();
            } else {
                member(p, value, f, buf, off, out);
            }
        }
    }

    private static void member(JsonParser p, JsonToken t, Field f, byte[] buf, int off, LakeRowWriter out)
            throws IOException {
        int column = f.column();
        if (column < 0) {
            if (t == JsonToken.START_OBJECT) {
                object(p, f.children(), buf, off, out);
            } else {
                p.skipChildren();
            }
            return;
        }
        if (f.reading() == LakeColumn.Reading.RAW_JSON) {
            raw(p, t, f, buf, off, out);
            return;
        }
        if (f.fallback() && !out.isNull(column)) {
            p.skipChildren();
            return;
        }
        switch (f.kind()) {
            case BIGINT -> putLong(p, t, column, out);
            case INT -> {
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                    out.setInt(column, p.getIntValue());
                } else {
                    out.setNull(column);
                }
            }
            case BOOLEAN -> {
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    out.setBoolean(column, t == JsonToken.VALUE_TRUE);
                } else {
                    out.setNull(column);
                }
            }
            case STRING -> {
                if (t == JsonToken.VALUE_STRING) {
                    out.setString(column, p.getText());
                } else {
                    out.setNull(column);
                }
            }
            default -> throw new IllegalStateException(f.kind() + " is not read from the JSON");
        }
        p.skipChildren();
    }

    /** An object: its exact bytes (Jackson's byte offsets count from {@code off}, where the parser started). */
    private static void raw(JsonParser p, JsonToken t, Field f, byte[] buf, int off, LakeRowWriter out)
            throws IOException {
        if (t != JsonToken.START_OBJECT) {
            if (t == JsonToken.VALUE_NULL) {
                out.setNull(f.column());
            } else {
                out.setString(f.column(), p.getText()); // not an object: keep its text
            }
            p.skipChildren();
            return;
        }
        int start = off + (int) p.currentTokenLocation().getByteOffset();
        object(p, f.children(), buf, off, out);
        int end = off + (int) p.currentLocation().getByteOffset(); // just after the closing brace
        out.setUtf8(f.column(), buf, start, end - start);
    }

    /** BIGINT: an integer that fits a long, or a string that parses as one (some API recordings quote ids). */
    private static void putLong(JsonParser p, JsonToken t, int column, LakeRowWriter out) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            out.setLong(column, p.getLongValue());
        } else if (t == JsonToken.VALUE_STRING) {
            try {
                out.setLong(column, Long.parseLong(p.getText()));
            } catch (NumberFormatException e) {
                out.setNull(column);
            }
        } else {
            out.setNull(column);
        }
    }
}
