package io.ghactivity.producer.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads one file to disk, robustly: the body goes to {@code <target>.part} and is renamed only when complete;
 * an interrupted download resumes with an HTTP Range request; 5xx, 429, timeouts, stalls and connection resets are
 * retried with {@link Backoff}; 404/410 mean "no such hour" and their body is never written anywhere.
 *
 * <p>A resume is only ever spliced onto bytes of the same file: the {@code .part} has a sidecar
 * {@code <target>.part.validator} holding the strong ETag (else the Last-Modified date) of the response its bytes came
 * from, and the resume sends it as {@code If-Range}. A server whose file changed answers 200 with the whole new file,
 * which replaces the part; a 206 with another ETag, or a part without a recorded validator, starts over from zero.
 * <p>A 200 whose body is not gzip when gzip is expected (an HTML error page from a proxy or a captive portal) is a
 * failed attempt, retried like a 5xx, never a downloaded file.
 */
public final class HttpFetcher {
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // one connection per download; ranges behave the same everywhere
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "http-stall-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final int retries;
    private final Duration stallTimeout;
    private final Backoff backoff;
    private final PrintStream log;

    /** How a body must start to be the file asked for, e.g. the gzip magic bytes; empty = anything. */
    private final byte[] expectedMagic;

    public HttpFetcher(int retries, Duration baseDelay, Duration stallTimeout, PrintStream log) {
        this(retries, baseDelay, stallTimeout, log, new byte[0]);
    }

    /** @param expectedMagic the first bytes every complete body must have (a 200 that lacks them is retried) */
    public HttpFetcher(int retries, Duration baseDelay, Duration stallTimeout, PrintStream log, byte[] expectedMagic) {
        this.expectedMagic = expectedMagic.clone();
        this.retries = retries;
        this.stallTimeout = stallTimeout;
        this.backoff = new Backoff(baseDelay, Duration.ofMinutes(1).compareTo(baseDelay) < 0 ? baseDelay : Duration.ofMinutes(1));
        this.log = log;
    }

    /** Downloads {@code url} to {@code target}; false if the server says it does not exist (404/410). */
    public boolean download(URI url, Path target) throws IOException, InterruptedException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Path validator = target.resolveSibling(target.getFileName() + ".part.validator");
        Files.createDirectories(target.getParent());
        for (int failures = 0; ; ) {
            String problem;
            try {
                Attempt a = attempt(url, part, validator);
                if (a == Attempt.MISSING) {
                    Files.deleteIfExists(part);
                    Files.deleteIfExists(validator);
                    return false;
                }
                if (a == Attempt.COMPLETE) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Files.deleteIfExists(validator);
                    return true;
                }
                problem = a.detail;
            } catch (FatalHttpStatus e) {
                throw e;
            } catch (IOException e) { // timeouts, resets, cuts mid-body: all retried, resuming from what we have
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            failures++;
            if (failures > retries) {
                throw new IOException("giving up on " + url + " after " + retries + " retries; last problem: " + problem);
            }
            log.printf("replay: %s: %s; retry %d/%d in about %d s (resuming at byte %d)%n", url, problem, failures, retries,
                    backoff.ceiling(failures).toSeconds(), Files.exists(part) ? Files.size(part) : 0);
            backoff.sleep(failures);
        }
    }

    private Attempt attempt(URI url, Path part, Path validatorFile) throws IOException, InterruptedException {
        String validator = Files.exists(validatorFile) ? Files.readString(validatorFile, StandardCharsets.UTF_8).strip() : "";
        long have = Files.exists(part) && !validator.isEmpty() ? Files.size(part) : 0; // no validator: cannot splice safely
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(HEADERS_TIMEOUT).GET();
        if (have > 0) {
            req.header("Range", "bytes=" + have + "-");
            req.header("If-Range", validator); // the server sends the whole file (200) if it is not that version any more
        }
        HttpResponse<InputStream> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = resp.statusCode();
        try (InputStream body = resp.body()) {
            if (status == 404 || status == 410) {
                return Attempt.MISSING;
            }
            if (status == 416) { // our partial file does not match the server's: start over
                Files.deleteIfExists(part);
                Files.deleteIfExists(validatorFile);
                return Attempt.retry("HTTP 416 for a resumed range");
            }
            if (status >= 500 || status == 429 || status == 408) {
                return Attempt.retry("HTTP " + status);
            }
            if (status != 200 && status != 206) {
                throw new FatalHttpStatus("HTTP " + status + " for " + url + " (expected 200, or 404 for a missing hour)");
            }
            String version = validatorOf(resp);
            if (status == 206 && (have == 0 || rangeStart(resp) != have || (version != null && !version.equals(validator)))) {
                Files.deleteIfExists(part); // not the bytes we asked for, or of another version: start over
                Files.deleteIfExists(validatorFile);
                return Attempt.retry("HTTP 206 for another range or version of the file");
            }
            boolean append = status == 206;
            if (!append) { // a whole body, from byte 0: remember which version it is, for a later resume
                Files.deleteIfExists(validatorFile);
                if (version != null) {
                    Files.writeString(validatorFile, version, StandardCharsets.UTF_8);
                }
            }
            OptionalLong total = status == 206 ? rangeTotal(resp) : resp.headers().firstValueAsLong("Content-Length");
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                copyWatchingForStalls(body, out);
            }
            long size = Files.size(part);
            if (total.isPresent() && size != total.getAsLong()) {
                return Attempt.retry("body ended at byte " + size + " of " + total.getAsLong());
            }
            String wrongStart = wrongStart(part);
            if (wrongStart != null) { // an error page that says 200: never a downloaded file
                Files.deleteIfExists(part);
                Files.deleteIfExists(validatorFile);
                return Attempt.retry("HTTP " + status + " with a body that is not the file (Content-Type "
                        + resp.headers().firstValue("Content-Type").orElse("none") + ", starts with " + wrongStart + ")");
            }
            return Attempt.COMPLETE;
        }
    }

    /**
     * Copies the body, dropping the connection if no byte arrives for {@code stallTimeout}: HttpClient has no read
     * timeout, and a silently stalled transfer must become a retry (resuming from what we have), not a hang.
     */
    private void copyWatchingForStalls(InputStream body, OutputStream out) throws IOException {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long tick = Math.max(50, stallTimeout.toMillis() / 4);
        ScheduledFuture<?> guard = WATCHDOG.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastByte.get() > stallTimeout.toNanos() && stalled.compareAndSet(false, true)) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the reader sees the closed stream either way
                }
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
        try {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = body.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                lastByte.set(System.nanoTime());
            }
        } catch (IOException e) {
            throw stalled.get() ? new IOException("no data for " + stallTimeout.toSeconds() + " s, connection dropped", e) : e;
        } finally {
            guard.cancel(false);
        }
        if (stalled.get()) {
            throw new IOException("no data for " + stallTimeout.toSeconds() + " s, connection dropped");
        }
    }

    /**
     * A validator usable in If-Range: the strong ETag, else Last-Modified; null if neither (a weak ETag may not be
     * used for ranges, RFC 9110 13.1.5).
     */
    private static String validatorOf(HttpResponse<?> resp) {
        String etag = resp.headers().firstValue("ETag").orElse(null);
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        return resp.headers().firstValue("Last-Modified").orElse(null);
    }

    /** Null if the file starts with the expected bytes, else its first bytes, printable, for the message. */
    private String wrongStart(Path file) throws IOException {
        if (expectedMagic.length == 0) {
            return null;
        }
        byte[] head = new byte[40];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= expectedMagic.length && java.util.Arrays.equals(head, 0, expectedMagic.length, expectedMagic, 0, expectedMagic.length)) {
            return null;
        }
        StringBuilder shown = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            char c = (char) (head[i] & 0xff);
            shown.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        return shown.append('"').toString();
    }

    private static long rangeStart(HttpResponse<?> resp) {
        // Content-Range: bytes 1000-1999/2000
        String cr = resp.headers().firstValue("Content-Range").orElse("");
        try {
            return Long.parseLong(cr.substring(cr.indexOf(' ') + 1, cr.indexOf('-')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static OptionalLong rangeTotal(HttpResponse<?> resp) {
        String cr = resp.headers().firstValue("Content-Range").orElse("");
        try {
            return OptionalLong.of(Long.parseLong(cr.substring(cr.indexOf('/') + 1).trim()));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** A status that retrying will not fix (403, 400, ...): stop with a clear message. */
    static final class FatalHttpStatus extends IOException {
        FatalHttpStatus(String message) {
            super(message);
        }
    }

    /** Outcome of one request. */
    private record Attempt(String detail) {
        static final Attempt MISSING = new Attempt("missing");
        static final Attempt COMPLETE = new Attempt("complete");

        static Attempt retry(String why) {
            return new Attempt(why);
        }
    }
}
