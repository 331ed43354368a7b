package io.ghactivity.producer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for data.gharchive.org on 127.0.0.1: serves GH Archive-named files with Range support, answers
 * unknown names with S3's 404 NoSuchKey XML body, and can fail on purpose (500s, a connection cut mid-file, an HTML
 * error page with status 200). Each file version has a strong ETag, and If-Range is honoured as S3 does: a Range
 * request whose If-Range does not match the current version gets the whole file with 200.
 */
final class FakeGhArchive implements AutoCloseable {
    /** S3's answer for a missing key: 127 bytes of XML, which must never end up in the cache as a ".json.gz". */
    static final byte[] NO_SUCH_KEY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
            + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** name → how many more requests get a 500. */
    final Map<String, AtomicInteger> failWith500 = new ConcurrentHashMap<>();
    /** name → how many more requests are cut after half the body. */
    final Map<String, AtomicInteger> cutMidway = new ConcurrentHashMap<>();
    /** name → how many more requests send half the body and then go silent (no bytes, connection kept open). */
    final Map<String, AtomicInteger> stallMidway = new ConcurrentHashMap<>();
    /** name → how many more requests get a 200 with an HTML error page (a proxy or a captive portal). */
    final Map<String, AtomicInteger> htmlPage = new ConcurrentHashMap<>();
    /** Every If-Range header received, as "name if-range". */
    final List<String> ifRanges = new CopyOnWriteArrayList<>();
    /** Every request as "name range", e.g. "2034-01-01-3.json.gz bytes=1000-". */
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger bodyBytesSent = new AtomicInteger();
    private final HttpServer server;

    FakeGhArchive() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-gharchive");
            t.setDaemon(true); // a stalled handler must not block other requests, nor the JVM's exit
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring(1);
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(name + " " + range);
        byte[] body = files.get(name);
        if (body == null) {
            ex.getResponseHeaders().set("Content-Type", "application/xml");
            ex.sendResponseHeaders(404, NO_SUCH_KEY.length);
            ex.getResponseBody().write(NO_SUCH_KEY);
            ex.close();
            return;
        }
        if (countDown(htmlPage, name)) {
            byte[] page = "<!DOCTYPE html><html><body>Please log in to the guest network</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
            return;
        }
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        if (ifRange != null) {
            ifRanges.add(name + " " + ifRange);
            if (!ifRange.equals(etag(body))) {
                range = null; // the file changed since the client's part: send all of it
            }
        }
        ex.getResponseHeaders().set("ETag", etag(body));
        if (countDown(failWith500, name)) {
            byte[] msg = "internal error".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, msg.length);
            ex.getResponseBody().write(msg);
            ex.close();
            return;
        }
        int start = 0;
        if (range != null && range.startsWith("bytes=")) {
            start = Integer.parseInt(range.substring(6, range.indexOf('-')));
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            ex.sendResponseHeaders(206, body.length - start);
        } else {
            ex.sendResponseHeaders(200, body.length);
        }
        OutputStream out = ex.getResponseBody();
        int end = body.length;
        boolean cut = countDown(cutMidway, name);
        boolean stall = countDown(stallMidway, name);
        if (cut || stall) {
            end = start + (body.length - start) / 2;
        }
        out.write(body, start, end - start);
        out.flush();
        bodyBytesSent.addAndGet(end - start);
        if (stall) {
            try {
                Thread.sleep(20_000); // silent, connection open: only the client's stall timeout gets it going again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (cut) {
            ex.close(); // closing before Content-Length bytes were written drops the connection
            return;
        }
        out.close();
    }

    /** The strong ETag of one version of a file. */
    static String etag(byte[] body) {
        return "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
    }

    private static boolean countDown(Map<String, AtomicInteger> m, String name) {
        AtomicInteger n = m.get(name);
        return n != null && n.getAndUpdate(v -> Math.max(0, v - 1)) > 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
