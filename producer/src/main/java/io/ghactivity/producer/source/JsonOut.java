package io.ghactivity.producer.source;

import java.util.Arrays;

/**
 * A minimal, fast JSON writer for generated ASCII text (no escaping needed: the generator only emits safe
 * characters): appends straight into a growable byte array, tracking commas per nesting level.
 */
final class JsonOut {
    private byte[] buf = new byte[64 * 1024];
    private int len;
    private final boolean[] first = new boolean[32];
    private int depth;

    void reset() {
        len = 0;
        depth = 0;
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    JsonOut begin() {
        comma();
        put('{');
        first[++depth] = true;
        return this;
    }

    JsonOut begin(String name) {
        key(name);
        put('{');
        first[++depth] = true;
        return this;
    }

    JsonOut beginArray(String name) {
        key(name);
        put('[');
        first[++depth] = true;
        return this;
    }

    JsonOut end() {
        put('}');
        depth--;
        return this;
    }

    JsonOut endArray() {
        put(']');
        depth--;
        return this;
    }

    JsonOut str(String name, String value) {
        key(name);
        put('"');
        ascii(value);
        put('"');
        return this;
    }

    /** A string value built from a prefix and a number, without concatenating Strings. */
    JsonOut str(String name, String prefix, long n, String suffix) {
        key(name);
        put('"');
        ascii(prefix);
        number(n);
        ascii(suffix);
        put('"');
        return this;
    }

    JsonOut num(String name, long value) {
        key(name);
        number(value);
        return this;
    }

    JsonOut bool(String name, boolean value) {
        key(name);
        ascii(value ? "true" : "false");
        return this;
    }

    JsonOut nul(String name) {
        key(name);
        ascii("null");
        return this;
    }

    /** Writes {@code "name":"<text>"} where the text is produced by {@code text}. */
    JsonOut text(String name, Text text, long seed, int length) {
        key(name);
        put('"');
        ensure(length + 16);
        len = text.write(buf, len, seed, length);
        put('"');
        return this;
    }

    private void key(String name) {
        comma();
        put('"');
        ascii(name);
        put('"');
        put(':');
    }

    private void comma() {
        if (depth > 0) {
            if (!first[depth]) {
                put(',');
            }
            first[depth] = false;
        }
    }

    void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void number(long v) {
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
