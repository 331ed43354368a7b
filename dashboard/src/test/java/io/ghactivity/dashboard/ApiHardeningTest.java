package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and unlucky requests over a real server on 127.0.0.1: out-of-range dates, internal failures (no database
 * text to the client, a correlation id instead), path traversal on static files, security headers, the cap on
 * concurrent queries and the statement timeout.
 */
class ApiHardeningTest {
    static final ObjectMapper JSON = TestServer.JSON;

    static TestWarehouse warehouse;
    static TestServer app;

    @BeforeAll
    static void start() throws Exception {
        warehouse = TestWarehouse.inMemory().load(SampleEvent.of(RealSample.PINOT_2021_07_21));
        app = TestServer.over(warehouse);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        warehouse.close();
    }

    static HttpResponse<String> get(TestServer server, String pathAndQuery) throws Exception {
        return server.get(pathAndQuery);
    }

    @ParameterizedTest(name = "{0} -> 400 mentioning {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/summary?from=%2B10000-01-01T00|from",
        "/api/summary?to=%2B10000-01-01T00|to",
        "/api/timeline?from=1969-12-31T23|1970",
        "/api/traffic-by-hour?from=0000-01-01T00|from",
        "/api/event-types?to=-0001-01-01T00|to",
        "/api/repos?from=%00%ff|from",
        "/api/summary?from=2022-06-01T00&to=2021-06-01T00|is after",
        "/api/timeline?from=1970-01-01T00&to=9999-12-31T23|years",
        "/api/summary?type=%3Cimg%20src%3Dx%3E|type",
        "/api/summary?type=Push%00Event|type",
    })
    void outOfRangeOrGarbageInputIsA400WithAClearJsonMessage(String url, String mentions) throws Exception {
        HttpResponse<String> r = get(app, url);
        assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("message").asText()).contains(mentions).doesNotContain("Error:", "SQL", "Exception");
    }

    @Test
    void anInternalFailureShowsACorrelationIdNotTheDatabaseText() throws Exception {
        // a warehouse whose mart lacks a column the dashboard reads: a real DuckDB error, inside the server
        try (TestWarehouse broken = TestWarehouse.inMemory().load(SampleEvent.of(RealSample.PINOT_2021_07_21))) {
            try (Connection c = broken.open(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE hourly_totals DROP COLUMN events");
            }
            try (TestServer server = TestServer.over(broken); LogCapture log = LogCapture.start()) {
                HttpResponse<String> r = get(server, "/api/summary");
                assertThat(r.statusCode()).isEqualTo(500);
                JsonNode body = JSON.readTree(r.body());
                String id = body.get("correlation_id").asText();
                assertThat(id).matches("[0-9a-f]{16}");
                assertThat(r.headers().firstValue("X-Correlation-Id")).hasValue(id);
                assertThat(body.get("message").asText()).contains(id).doesNotContainIgnoringCase("binder")
                        .doesNotContain("events", "hourly_totals", "SQL", "Exception");
                assertThat(log.text()).contains(id).contains("hourly_totals");
            }
        }
    }

    @ParameterizedTest(name = "{0} -> 404")
    @ValueSource(strings = {
        "/../pom.xml", "/..%2fpom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd", "/public/../index.html/../../pom.xml", "/%252e%252e/etc/passwd",
        "//etc/passwd", "/etc/passwd", "/C:%5cWindows%5cwin.ini", "/io/ghactivity/dashboard/DashboardApp.class",
        "/webjars/echarts/5.3.1/../../../../META-INF/MANIFEST.MF", "/webjars/%2e%2e/%2e%2e/META-INF/MANIFEST.MF",
        "/dashboard.js%00.html", "/log4j2.xml",
    })
    void pathTraversalOnStaticFilesIsA404(String path) throws Exception {
        // raw bytes on the wire: java.net.URI would normalise or refuse some of these before sending
        String response = rawGet(path);
        assertThat(response).as(path).startsWith("HTTP/1.1 404");
        assertThat(response).as(path).doesNotContain("root:", "Manifest-Version", "<project", "function");
    }

    @Test
    void everyAnswerCarriesSecurityHeaders() throws Exception {
        for (String path : new String[] {"/", "/dashboard.js", "/api/status", "/api/summary?from=bad", "/api/nope"}) {
            HttpResponse<String> r = get(app, path);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'", "object-src 'none'",
                            "frame-ancestors 'none'").doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'"));
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
        assertThat(get(app, "/").body()).doesNotContainPattern("<script>|<script [^s]|on(load|click|error)=");
    }

    @Test
    void queriesOverTheCapGetA503WithRetryAfter() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConnectionSource slowFirst = () -> {
            if (inside.getCount() > 0) {
                inside.countDown();
                await(release); // holds its query slot like a long query would
            }
            return warehouse.open();
        };
        QueryLimits oneAtATime = new QueryLimits(1, Duration.ofMillis(200), Duration.ofSeconds(60));
        try (TestServer server = TestServer.start(new DashboardService(slowFirst, Clock.systemUTC(), oneAtATime))) {
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> call(server, "/api/summary"));
            assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> second = get(server, "/api/summary");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
            assertThat(JSON.readTree(second.body()).get("message").asText()).contains("busy");
            release.countDown();
            assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(get(server, "/api/summary").statusCode()).isEqualTo(200); // the slot is free again
        } finally {
            release.countDown();
        }
    }

    @Test
    void aQueryPastItsTimeoutIsA503AndTheServerStaysUsable() throws Exception {
        QueryLimits noTime = new QueryLimits(4, Duration.ofSeconds(1), Duration.ZERO);
        try (TestServer server = TestServer.start(new DashboardService(warehouse, Clock.systemUTC(), noTime))) {
            HttpResponse<String> r = get(server, "/api/timeline");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(r.body()).get("message").asText()).contains("timed out", "narrow");
        }
        assertThat(get(app, "/api/timeline").statusCode()).isEqualTo(200);
    }

    static HttpResponse<String> call(TestServer server, String path) {
        try {
            return get(server, path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends {@code GET path} as written, over a plain socket, and returns the whole answer. */
    static String rawGet(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
