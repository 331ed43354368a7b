package io.ghactivity.loader;

import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.WarehouseOwner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The client side of {@link WarehouseOwner}: when a running process (the demo) owns the local DuckDB warehouse that
 * {@code load --hour} or {@code check} names, the command sends its request there instead of failing on DuckDB's
 * single-writer lock, and prints what the owner answers exactly as if it had run here.
 */
final class LiveWarehouse {
    /** A forced reload of a large hour can take minutes on a busy machine. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);

    private LiveWarehouse() {
    }

    /** The exit code if a live owner ran the request; empty if nobody owns the warehouse (run it here). */
    static Optional<Integer> forward(ConnectionOptions connection, String path, String query) throws InterruptedException {
        Optional<Path> duckdb = connection.duckDbPath();
        Optional<WarehouseOwner> owner = duckdb.flatMap(WarehouseOwner::find);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        WarehouseOwner o = owner.get();
        System.err.println("gh-activity: " + duckdb.get() + " is open in a running demo (pid " + o.pid()
                + "); sending the request to it");
        HttpRequest request = HttpRequest.newBuilder(URI.create(o.baseUrl() + path + "?" + query))
                .header(WarehouseOwner.TOKEN_HEADER, o.token())
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<byte[]> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new UserError("the demo (pid " + o.pid() + ") refused the request (HTTP " + r.statusCode() + ")");
            }
            WarehouseOwner.Reply reply = WarehouseOwner.Reply.fromJson(r.body());
            reply.stdout().forEach(System.out::println);
            System.out.flush();
            reply.stderr().forEach(System.err::println);
            return Optional.of(reply.exitCode());
        } catch (IOException e) {
            throw new UserError("the demo (pid " + o.pid() + ") owns " + duckdb.get() + " but did not answer at "
                    + o.baseUrl() + " (" + e.getMessage() + "); try again, or stop the demo first", e);
        }
    }
}
