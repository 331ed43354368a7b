package io.ghactivity.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of a real server (the local S3 server), injecting the faults a real network
 * and a real S3 produce, per request, with a seeded random draw: an HTTP {@code 503 Slow Down} (S3's throttling answer)
 * instead of the server's, a connection reset before any answer, a connection cut in the middle of the exchange, or
 * a slow start. Everything else is piped through unchanged. The fault rate can change while it runs (an outage, then
 * recovery).
 */
public final class FaultyProxy implements AutoCloseable {
    /** What one faulty connection suffers. */
    public enum Fault { SLOW_DOWN_503, RESET, CUT_MIDWAY, SLOW }

    private final ServerSocket server;
    private final int targetPort;
    private final Random random;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile double faultRate;
    private volatile Fault[] kinds = Fault.values();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private FaultyProxy(ServerSocket server, int targetPort, long seed) {
        this.server = server;
        this.targetPort = targetPort;
        this.random = new Random(seed);
    }

    /** Starts a proxy to 127.0.0.1:{@code targetPort} with no faults yet. */
    public static FaultyProxy start(int targetPort, long seed) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FaultyProxy p = new FaultyProxy(s, targetPort, seed);
        p.pool.execute(p::accept);
        return p;
    }

    /**
     * The share of new connections that get a fault (0 = none, 1 = all), drawn evenly from {@code kinds} (default: every
     * kind). An outage is {@code faults(1, SLOW_DOWN_503, RESET)}: SLOW and a late CUT_MIDWAY let small requests through.
     */
    public void faults(double rate, Fault... kinds) {
        this.kinds = kinds.length == 0 ? Fault.values() : kinds.clone();
        this.faultRate = rate;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    public long connections() {
        return connections.get();
    }

    public long requests() {
        return requests.get();
    }

    public long faults() {
        return faults.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                pool.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private Fault draw() {
        synchronized (random) {
            Fault[] k = kinds;
            Fault f = random.nextDouble() < faultRate ? k[random.nextInt(k.length)] : null;
            if (f != null) {
                faults.incrementAndGet();
            }
            return f;
        }
    }

    /**
     * One client connection, request by request (HTTP/1.1 without pipelining, as the AWS SDK speaks it): each request
     * head is read here and draws its own fault, so faults hit requests on pooled keep-alive connections too.
     */
    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream up = upstream.getOutputStream();
            AtomicLong cutAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong answered = new AtomicLong();
            pool.execute(() -> pipeAnswers(upstream, client, answered, cutAt));
            for (byte[] head; (head = readRequestHead(in)) != null; ) {
                requests.incrementAndGet();
                Fault fault = draw();
                if (fault == Fault.RESET) {
                    client.setSoLinger(true, 0); // close() sends RST
                    return;
                }
                if (fault == Fault.SLOW_DOWN_503) {
                    slowDown(client.getOutputStream());
                    return;
                }
                if (fault == Fault.SLOW) {
                    Thread.sleep(1500);
                }
                if (fault == Fault.CUT_MIDWAY) {
                    cutAt.set(answered.get() + 100 + new Random().nextInt(4000));
                }
                up.write(head);
                String h = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                if (h.contains("transfer-encoding: chunked")) {
                    in.transferTo(up); // no request boundaries to follow: the rest of the connection passes as is
                    return;
                }
                copy(in, up, contentLength(h));
                up.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client or the server went away: nothing to do for a proxy
        }
    }

    private static void slowDown(OutputStream out) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                + "<Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Server to client; resets the client connection once {@code cutAt} bytes have passed (a cut mid-answer). */
    private static void pipeAnswers(Socket upstream, Socket client, AtomicLong answered, AtomicLong cutAt) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                long room = cutAt.get() - answered.get();
                int allowed = (int) Math.max(0, Math.min(n, room));
                out.write(buf, 0, allowed);
                out.flush();
                answered.addAndGet(allowed);
                if (allowed < n) {
                    client.setSoLinger(true, 0);
                    client.close();
                    upstream.close();
                    return;
                }
            }
            client.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("the client closed mid-request");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    /** The request line and headers up to the blank line, or null at end of stream. */
    private static byte[] readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return matched == 4 ? head.toByteArray() : null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
