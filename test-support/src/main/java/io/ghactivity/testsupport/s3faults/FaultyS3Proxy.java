package io.ghactivity.testsupport.s3faults;

import io.ghactivity.testsupport.s3faults.HttpFraming.Head;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting HTTP proxy in front of a local S3-compatible server ({@code LocalS3}), for tests: the client is
 * pointed at {@link #endpoint()} instead of the server's, and each request is relayed byte for byte — the Host header
 * as the client sent it, so SigV4 signatures stay valid — unless the {@link FaultPlan} says to answer 500/503, reset
 * the connection halfway through the response, or delay it. Counters say how many faults were actually injected, so
 * a test can prove its faults happened. One thread per client connection, one upstream connection per client
 * connection (keep-alive on both sides); 127.0.0.1 only.
 */
public final class FaultyS3Proxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final FaultPlan plan;
    private final Duration slowDelay;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-s3-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<S3Fault, AtomicInteger> injected = new EnumMap<>(S3Fault.class);
    private final AtomicInteger requests = new AtomicInteger();

    private FaultyS3Proxy(ServerSocket server, URI upstream, FaultPlan plan, Duration slowDelay) {
        this.server = server;
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.plan = plan;
        this.slowDelay = slowDelay;
        for (S3Fault f : S3Fault.values()) {
            injected.put(f, new AtomicInteger());
        }
    }

    /** Starts a proxy for {@code upstreamEndpoint} ({@code http://127.0.0.1:PORT}); slow responses wait {@code slowDelay}. */
    public static FaultyS3Proxy start(String upstreamEndpoint, FaultPlan plan, Duration slowDelay) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FaultyS3Proxy proxy = new FaultyS3Proxy(server, URI.create(upstreamEndpoint), plan, slowDelay);
        proxy.threads.execute(proxy::acceptLoop);
        return proxy;
    }

    /** {@code http://127.0.0.1:<port>}: give this to the client instead of the server's endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public FaultPlan plan() {
        return plan;
    }

    /** How many requests got {@code fault}. */
    public int injected(S3Fault fault) {
        return injected.get(fault).get();
    }

    /** How many requests got a fault that failed them (5xx or reset). */
    public int failedRequests() {
        return Arrays.stream(S3Fault.values()).filter(S3Fault::failsRequest).mapToInt(this::injected).sum();
    }

    /** Requests seen, faulted or not. */
    public int requests() {
        return requests.get();
    }

    /** Counters in one line, for test output. */
    public String summary() {
        StringBuilder b = new StringBuilder("requests=" + requests());
        injected.forEach((f, n) -> b.append(' ').append(f.name().toLowerCase()).append('=').append(n.get()));
        return b.toString();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket up = null;
        try {
            InputStream cin = new BufferedInputStream(client.getInputStream());
            OutputStream cout = new BufferedOutputStream(client.getOutputStream());
            InputStream uin = null;
            OutputStream uout = null;
            while (true) {
                Head req = HttpFraming.readHead(cin);
                if (req == null) {
                    return;
                }
                String[] line = req.startLine().split(" ");
                S3Request request = new S3Request(line[0], line[1]);
                requests.incrementAndGet();
                S3Fault fault = plan.decide(request);
                if (fault != null) {
                    injected.get(fault).incrementAndGet();
                }
                boolean expectContinue = "100-continue".equalsIgnoreCase(req.header("Expect"));
                if (fault == S3Fault.INTERNAL_ERROR_500 || fault == S3Fault.SLOW_DOWN_503) {
                    if (!expectContinue) {
                        HttpFraming.readRequestBody(req, cin); // the client sends it anyway; read it so it sees the answer
                    }
                    cout.write(errorResponse(fault, request));
                    cout.flush();
                    return; // S3 closes after such errors often enough; a fresh connection is the client's usual path
                }
                if (fault == S3Fault.SLOW_RESPONSE) {
                    Thread.sleep(slowDelay.toMillis());
                }
                if (up == null) {
                    up = new Socket();
                    open.add(up);
                    up.connect(upstream, 10_000);
                    uin = new BufferedInputStream(up.getInputStream());
                    uout = new BufferedOutputStream(up.getOutputStream());
                }
                uout.write(req.raw());
                Head resp;
                if (expectContinue) {
                    uout.flush();
                    Head interim = HttpFraming.readHead(uin);
                    if (interim == null || interim.status() != 100) {
                        relay(interim, request, uin, cout, fault, client);
                        return; // the body was never sent: this connection's framing is over
                    }
                    cout.write(interim.raw());
                    cout.flush();
                }
                uout.write(HttpFraming.readRequestBody(req, cin));
                uout.flush();
                resp = HttpFraming.readHead(uin);
                while (resp != null && resp.status() / 100 == 1) {
                    cout.write(resp.raw());
                    resp = HttpFraming.readHead(uin);
                }
                if (!relay(resp, request, uin, cout, fault, client) || resp.closes() || req.closes()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a peer went away or sent something unframeable: drop this connection, as a real network would
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(up);
        }
    }

    /** Relays a response (or resets halfway through it); false when the connection must end after it. */
    private boolean relay(Head resp, S3Request request, InputStream uin, OutputStream cout, S3Fault fault, Socket client)
            throws IOException {
        if (resp == null) {
            return false;
        }
        byte[] body = HttpFraming.readResponseBody(resp, request.method(), uin);
        if (fault == S3Fault.RESET_MID_RESPONSE) {
            if (body.length > 1) {
                cout.write(resp.raw());
                cout.write(body, 0, body.length / 2);
            } else {
                cout.write(resp.raw(), 0, resp.raw().length / 2);
            }
            cout.flush();
            client.setSoLinger(true, 0); // close() now sends RST: "connection reset by peer" at the client
            return false;
        }
        cout.write(resp.raw());
        cout.write(body);
        cout.flush();
        return resp.contentLength() >= 0 || resp.chunked() || body.length == 0;
    }

    private static byte[] errorResponse(S3Fault fault, S3Request request) {
        boolean slowDown = fault == S3Fault.SLOW_DOWN_503;
        String body = request.method().equals("HEAD") ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                + (slowDown ? "SlowDown</Code><Message>Please reduce your request rate." : "InternalError</Code><Message>We encountered an internal error. Please try again.")
                + "</Message><Resource>" + request.target().replace("&", "&amp;") + "</Resource><RequestId>faulty-s3-proxy</RequestId></Error>";
        String head = (slowDown ? "HTTP/1.1 503 Slow Down" : "HTTP/1.1 500 Internal Server Error") + "\r\n"
                + "Content-Type: application/xml\r\n"
                + "x-amz-request-id: faulty-s3-proxy\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "Connection: close\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.UTF_8);
    }

    private void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
