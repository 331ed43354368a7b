package io.ghactivity.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** A real dashboard server on 127.0.0.1 (any free port) and a plain HTTP client: what the functional tests talk to. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final Javalin app;

    private TestServer(Javalin app) {
        this.app = app;
    }

    static TestServer start(DashboardService service) {
        return new TestServer(DashboardApp.create(service).start("127.0.0.1", 0));
    }

    static TestServer over(ConnectionSource warehouse) {
        return start(new DashboardService(warehouse, Clock.systemUTC()));
    }

    int port() {
        return app.port();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        app.stop();
    }
}
