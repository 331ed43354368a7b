package io.ghactivity.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.local.WarehouseOwner;
import io.ghactivity.loader.CheckCommand;
import io.ghactivity.loader.HourLoader;
import io.ghactivity.loader.HourWatcher;
import io.ghactivity.loader.LoadFailure;
import io.ghactivity.loader.LoadResult;
import io.ghactivity.loader.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The demo's side of {@link WarehouseOwner}: while it holds the DuckDB warehouse, {@code gh-activity load --hour H
 * [--force]} and {@code gh-activity check --hour H} from another terminal are sent here (127.0.0.1, a random port, a
 * token in the user-only owner file) and run in this process between the watch's own loads.
 */
final class WarehouseAdmin implements AutoCloseable {
    private final HttpServer server;
    private final WarehouseOwner owner;
    private final Path warehouseFile;
    private final Warehouse warehouse;
    private final HourLoader loader;
    private final HourWatcher watcher;

    private WarehouseAdmin(HttpServer server, Path warehouseFile, Warehouse warehouse, HourLoader loader, HourWatcher watcher) {
        this.server = server;
        this.warehouseFile = warehouseFile;
        this.warehouse = warehouse;
        this.loader = loader;
        this.watcher = watcher;
        this.owner = WarehouseOwner.forThisProcess(server.getAddress().getPort());
    }

    static WarehouseAdmin start(Path warehouseFile, Warehouse warehouse, HourLoader loader, HourWatcher watcher) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WarehouseAdmin admin = new WarehouseAdmin(server, warehouseFile, warehouse, loader, watcher);
        server.createContext(WarehouseOwner.LOAD_PATH, ex -> admin.handle(ex, admin::load));
        server.createContext(WarehouseOwner.CHECK_PATH, ex -> admin.handle(ex, admin::check));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "demo-warehouse-admin");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        admin.owner.publish(warehouseFile.toAbsolutePath());
        return admin;
    }

    private interface Operation {
        WarehouseOwner.Reply run(Map<String, String> query) throws Exception;
    }

    private void handle(HttpExchange ex, Operation op) throws IOException {
        try (ex) {
            String token = ex.getRequestHeaders().getFirst(WarehouseOwner.TOKEN_HEADER);
            if (!"POST".equals(ex.getRequestMethod()) || token == null
                    || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), owner.token().getBytes(StandardCharsets.UTF_8))) {
                ex.sendResponseHeaders(403, -1);
                return;
            }
            WarehouseOwner.Reply reply;
            try {
                reply = op.run(query(ex.getRequestURI().getRawQuery()));
            } catch (IllegalArgumentException e) {
                reply = new WarehouseOwner.Reply(2, List.of(), List.of("gh-activity: " + e.getMessage()));
            } catch (Exception e) {
                reply = new WarehouseOwner.Reply(1, List.of(), List.of("gh-activity: failed in the demo: " + e.getMessage()));
            }
            byte[] body = reply.toJson();
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private WarehouseOwner.Reply load(Map<String, String> q) throws Exception {
        GhArchiveHour hour = hour(q);
        boolean force = Boolean.parseBoolean(q.getOrDefault("force", "false"));
        LocalStack.say("load " + hour + (force ? " --force" : "") + " requested from another terminal");
        try {
            LoadResult r = watcher.exclusive(() -> loader.load(hour, force));
            return new WarehouseOwner.Reply(0, List.of(r.toJson()), List.of(String.format(Locale.ROOT,
                    "load: %s %s (%d rows, %.2f s) in the running demo", r.hour(), r.status().name().toLowerCase(Locale.ROOT), r.rows(), r.seconds())));
        } catch (LoadFailure e) {
            return new WarehouseOwner.Reply(e.exitCode(), List.of(LoadResult.failed(hour.toString(), e).toJson()),
                    List.of("load: " + e.getMessage()));
        }
    }

    private WarehouseOwner.Reply check(Map<String, String> q) throws Exception {
        GhArchiveHour hour = hour(q);
        LocalStack.say("check " + hour + " requested from another terminal");
        try {
            List<String> lines = watcher.exclusive(() -> CheckCommand.run(warehouse, hour));
            return new WarehouseOwner.Reply(0, lines, List.of("check: " + hour + " passed " + lines.size() + " checks in the running demo"));
        } catch (CheckCommand.ChecksFailed e) {
            return new WarehouseOwner.Reply(e.exitCode(), e.lines(), List.of("check: " + e.getMessage()));
        } catch (LoadFailure e) {
            return new WarehouseOwner.Reply(e.exitCode(), List.of(), List.of("check: " + e.getMessage()));
        }
    }

    private static GhArchiveHour hour(Map<String, String> q) {
        String h = q.get("hour");
        if (h == null) {
            throw new IllegalArgumentException("the request names no hour");
        }
        return GhArchiveHour.parse(h);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        owner.withdraw(warehouseFile.toAbsolutePath());
        server.stop(0);
    }
}
