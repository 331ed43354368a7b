package io.ghactivity.demo;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Ports;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.BrokerProcess;
import io.ghactivity.dashboard.DashboardApp;
import io.ghactivity.dashboard.DashboardService;
import io.ghactivity.dashboard.WarmUp;
import io.ghactivity.loader.DuckDbWarehouseWriter;
import io.ghactivity.loader.HourLoader;
import io.ghactivity.loader.HourWatcher;
import io.ghactivity.loader.Lake;
import io.ghactivity.loader.LoadListener;
import io.ghactivity.loader.LoadResult;
import io.ghactivity.loader.S3Options;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local stack of a demo run. Broker, stream and replay are child processes ({@code gh-activity broker|stream|replay},
 * each its own JVM); the loader's watch loop and the dashboard run here, in one process, sharing one DuckDB database —
 * DuckDB allows one writing process per file, and in-process readers see consistent snapshots while the loader writes.
 */
final class LocalStack implements AutoCloseable {
    private static final Duration POLL = Duration.ofSeconds(2);

    private final DemoOptions options;
    private final Path launcher;
    private final List<ChildProcess> children = new ArrayList<>();
    private DuckDbWarehouseWriter warehouse;
    private Lake lake;
    private HourWatcher watcher;
    private Thread watcherThread;
    private Javalin dashboard;
    private WarmUp warmUp;
    private volatile String lastLoadError;
    private final AtomicBoolean closed = new AtomicBoolean();

    LocalStack(DemoOptions options, Path launcher) {
        this.options = options;
        this.launcher = launcher;
    }

    /** Starts broker, stream, loader and dashboard; returns the dashboard URL. */
    String start() throws Exception {
        Workdir w = options.workdir();
        requireFree(options.brokerPort(), "the broker port (--broker-port)");
        requireFree(options.brokerPort() + 1, "the broker's controller port (--broker-port + 1)");
        if (options.port() != 0) {
            requireFree(options.port(), "the dashboard port (--port)");
        }
        say("starting the Kafka broker on " + options.bootstrap());
        ChildProcess broker = child("broker", Map.of(), "broker", "--port", Integer.toString(options.brokerPort()),
                "--data-dir", w.broker().toString());
        broker.awaitLine(l -> l.startsWith(BrokerProcess.READY_PREFIX), Duration.ofMinutes(2));

        say("starting the stream (Kafka → " + w.lake() + ")");
        ChildProcess stream = child("stream", Map.of("GH_ACTIVITY_JAVA_OPTS", "-Xmx2g"), "stream",
                "--bootstrap", options.bootstrap(), "--lake", w.lake().toString(), "--master", "local[2]",
                "--trigger", "5s", "--close-interval", "5s");
        // Ready enough once it runs, or waits for the topics the replay is about to create (it reads from the start).
        stream.awaitLine(l -> l.startsWith("gh-activity stream: run") || l.startsWith("gh-activity stream: waiting for topic"),
                Duration.ofMinutes(3));

        warehouse = DuckDbWarehouseWriter.open(w.warehouse());
        lake = Lake.open(w.lake().toString(), S3Options.AWS_DEFAULT);
        watcher = new HourWatcher(new HourLoader(warehouse, lake, LoadListener.NONE), warehouse, lake);
        watcherThread = new Thread(this::watch, "demo-loader");
        watcherThread.setDaemon(true);
        watcherThread.start();

        DashboardService service = new DashboardService(warehouse::connect, Clock.systemUTC());
        warmUp = WarmUp.start(service); // precomputes repo rankings after each load, off the request path
        dashboard = DashboardApp.create(service).start(options.host(), options.port());
        return "http://" + options.host() + ":" + dashboard.port() + "/";
    }

    /** Runs the replay to its end and returns its summary; a failed replay fails the demo with its log. */
    ChildReplaySummary replay() throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("replay", "--source", options.source(),
                "--from", options.from().toString(), "--to", options.to().toString(), "--bootstrap", options.bootstrap(),
                "--state-dir", options.workdir().replayState().toString(), "--progress-interval", "PT10S"));
        if (options.source().equals("synthetic")) {
            args.addAll(List.of("--scale", Double.toString(options.scale()), "--seed", Long.toString(options.seed())));
        }
        if (options.source().equals("gharchive")) {
            args.addAll(List.of("--gharchive-url", options.ghArchiveUrl()));
        }
        say("replaying " + options.source() + " " + options.from() + " .. " + options.to() + " (log: "
                + options.workdir().logs().resolve("replay.log") + ")");
        ChildProcess replay = child("replay", Map.of(), args.toArray(String[]::new));
        int code = replay.waitFor();
        if (code != 0) {
            throw new UserError("the replay failed (exit " + code + "):\n" + replay.logTail());
        }
        return ChildReplaySummary.parse(replay.stdoutLines());
    }

    /** Waits until every expected hour is in the load log, printing progress; fails after the timeout. */
    void awaitLoaded(Set<GhArchiveHour> expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int lastReported = -1;
        while (true) {
            Set<GhArchiveHour> missing = new HashSet<>(expected);
            try (Connection c = warehouse.connect()) {
                missing.removeAll(WarehouseSummary.loadedHours(c));
            }
            int done = expected.size() - missing.size();
            if (done != lastReported) {
                say("loaded " + done + "/" + expected.size() + " hours");
                lastReported = done;
            }
            if (missing.isEmpty() && watcher.pending().isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new UserError("not every hour was loaded within " + timeout + "; still missing: "
                        + missing.stream().sorted().limit(10).toList() + (lastLoadError != null ? "; last load error: " + lastLoadError : "")
                        + "; logs in " + options.workdir().logs());
            }
            for (ChildProcess child : children) {
                if (!child.isAlive() && !child.log().getFileName().toString().startsWith("replay")) {
                    throw new UserError(child.log().getFileName() + " stopped unexpectedly:\n" + child.logTail());
                }
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    String summaryJson(long dlq) throws Exception {
        try (Connection c = warehouse.connect()) {
            return WarehouseSummary.json(c, dlq);
        }
    }

    private void watch() {
        try {
            watcher.watch(POLL, this::onLoad);
        } catch (Exception e) {
            lastLoadError = e.getMessage();
            say("the loader stopped: " + e.getMessage());
        }
    }

    private void onLoad(LoadResult r) {
        if (r.status() == LoadResult.Status.FAILED) {
            lastLoadError = r.hour() + ": " + r.error();
            say("load of " + r.hour() + " failed: " + r.error());
        }
    }

    private ChildProcess child(String name, Map<String, String> env, String... args) {
        ChildProcess c = ChildProcess.start(launcher, options.workdir().logs(), name, List.of(args), env);
        children.add(c);
        return c;
    }

    private static void requireFree(int port, String what) {
        Ports.requireFree("127.0.0.1", port, what, "stop what uses it or pick another port");
    }

    static void say(String message) {
        System.err.println("demo: " + message);
    }

    /** Stops everything in reverse order: replay, stream, broker (each cleanly, killed after a grace period), then us. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // both the normal path and the Ctrl-C hook call this
        }
        if (watcher != null) {
            watcher.stop();
        }
        if (watcherThread != null) {
            try {
                watcherThread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (warmUp != null) {
            warmUp.close();
        }
        if (dashboard != null) {
            dashboard.stop();
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).stop(Duration.ofSeconds(45));
        }
        if (lake != null) {
            lake.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }
}
