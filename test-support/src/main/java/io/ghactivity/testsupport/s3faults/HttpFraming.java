package io.ghactivity.testsupport.s3faults;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 framing to relay one message at a time, byte for byte: the raw head, and a body delimited by
 * Content-Length, chunked encoding or (responses only) the end of the connection. Nothing is re-encoded, so SigV4
 * signatures and checksums computed by the client stay valid.
 */
final class HttpFraming {
    private static final int MAX_HEAD = 64 * 1024;

    private HttpFraming() {
    }

    /** A message head as received (start line + headers + blank line), with the fields the proxy needs. */
    record Head(byte[] raw, String startLine, String headers) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        long contentLength() {
            String v = header("Content-Length");
            return v == null ? -1 : Long.parseLong(v);
        }

        boolean chunked() {
            String v = header("Transfer-Encoding");
            return v != null && v.toLowerCase(Locale.ROOT).contains("chunked");
        }

        boolean closes() {
            String v = header("Connection");
            return v != null && v.equalsIgnoreCase("close");
        }

        int status() {
            return Integer.parseInt(startLine.split(" ", 3)[1]);
        }
    }

    /** Reads a head, or returns null on a clean end of stream before its first byte (the peer closed a keep-alive). */
    static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside an HTTP head");
            }
            buf.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (buf.size() > MAX_HEAD) {
                throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
            }
        }
        byte[] raw = buf.toByteArray();
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        return new Head(raw, text.substring(0, eol), text.substring(eol + 2));
    }

    /** The raw body bytes (framing included) of a request. */
    static byte[] readRequestBody(Head head, InputStream in) throws IOException {
        if (head.chunked()) {
            return readChunked(in);
        }
        long n = head.contentLength();
        return n <= 0 ? new byte[0] : in.readNBytes(Math.toIntExact(n));
    }

    /** The raw body bytes of a response to {@code method}; to-the-end bodies also report that the connection ends. */
    static byte[] readResponseBody(Head head, String method, InputStream in) throws IOException {
        int status = head.status();
        if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
            return new byte[0];
        }
        if (head.chunked()) {
            return readChunked(in);
        }
        long n = head.contentLength();
        if (n >= 0) {
            byte[] body = in.readNBytes(Math.toIntExact(n));
            if (body.length < n) {
                throw new EOFException("response body cut short");
            }
            return body;
        }
        return in.readAllBytes();
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, out);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!readLine(in, out).isEmpty()) {
                    // trailers, relayed as they are
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            readLine(in, out);
        }
    }

    /** Reads one CRLF-terminated line, copying its raw bytes to {@code copy}; returns it without the CRLF. */
    private static String readLine(InputStream in, ByteArrayOutputStream copy) throws IOException {
        StringBuilder line = new StringBuilder();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside chunked body");
            }
            copy.write(b);
            if (prev == '\r' && b == '\n') {
                line.setLength(line.length() - 1);
                return line.toString();
            }
            line.append((char) b);
            prev = b;
        }
    }
}
