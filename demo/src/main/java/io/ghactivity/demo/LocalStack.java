package io.ghactivity.demo;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Ports;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.BrokerProcess;
import io.ghactivity.contracts.local.ReadySignal;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local stack of a demo run. Broker, stream and replay are child processes ({@code gh-activity broker|stream|replay},
 * each its own JVM); the loader's watch loop and the dashboard run here, in one process, sharing one DuckDB database —
 * DuckDB allows one writing process per file, and in-process readers see consistent snapshots while the loader writes.
 *
 * <p>Lifetimes: the children die with the demo, even when it is killed ({@link ChildProcess}); a child that dies while
 * the demo runs is started again with a one-sentence notice ({@link #supervise}), as each of them resumes exactly.
 */
final class LocalStack implements AutoCloseable {
    private static final Duration POLL = Duration.ofSeconds(2);
    /** How often the demo looks at its children between polls of the warehouse. */
    private static final Duration SUPERVISE = Duration.ofMillis(500);
    /** A child that crashes more often than this in one run is not going to recover by being restarted. */
    private static final int MAX_STARTS = 6;
    private static final Duration STREAM_READY_WITHIN = Duration.ofMinutes(5);

    private final DemoOptions options;
    private final Path launcher;
    private final List<ChildProcess> children = new ArrayList<>();
    private RunClaim claim;
    private ChildProcess broker;
    private ChildProcess stream;
    private long streamStartedAt;
    private boolean streamReady;
    private DuckDbWarehouseWriter warehouse;
    private Lake lake;
    private HourWatcher watcher;
    private WarehouseAdmin admin;
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
        // First: refuse a second demo on this workdir, and wait for what a killed previous run left stopping.
        claim = RunClaim.take(w);
        requireFree(options.brokerPort(), "the broker port (--broker-port)");
        requireFree(options.brokerPort() + 1, "the broker's controller port (--broker-port + 1)");
        if (options.port() != 0) {
            requireFree(options.port(), "the dashboard port (--port)");
        }
        say("starting the Kafka broker on " + options.bootstrap());
        broker = child("broker", Map.of(), "broker", "--port", Integer.toString(options.brokerPort()),
                "--data-dir", w.broker().toString());
        startChild(broker);
        awaitBroker();

        say("starting the stream (Kafka → " + w.lake() + ")");
        stream = child("stream", Map.of("GH_ACTIVITY_JAVA_OPTS", "-Xmx2g"), "stream",
                "--bootstrap", options.bootstrap(), "--lake", w.lake().toString(), "--master", "local[2]",
                "--trigger", "5s", "--close-interval", "5s");
        startStream();
        // Not waited for here: on a first run the stream waits for the topics the replay creates. The replay starts
        // next, and supervise() fails the demo if the stream does not announce itself within STREAM_READY_WITHIN.

        warehouse = DuckDbWarehouseWriter.open(w.warehouse());
        lake = Lake.open(w.lake().toString(), S3Options.AWS_DEFAULT);
        HourLoader loader = new HourLoader(warehouse, lake, LoadListener.NONE);
        watcher = new HourWatcher(loader, warehouse, lake);
        // `gh-activity load --hour H --force` and `check` from another terminal run here: DuckDB has one writer.
        admin = WarehouseAdmin.start(w.warehouse(), warehouse, loader, watcher);
        watcherThread = new Thread(this::watch, "demo-loader");
        watcherThread.setDaemon(true);
        watcherThread.start();

        DashboardService service = new DashboardService(warehouse::connect, Clock.systemUTC());
        warmUp = WarmUp.start(service); // precomputes repo rankings after each load, off the request path
        dashboard = DashboardApp.create(service).start(options.host(), options.port());
        return "http://" + options.host() + ":" + dashboard.port() + "/";
    }

    /** Waits for the broker's ready line; a broker killed by a signal before it got there is started again. */
    private void awaitBroker() throws InterruptedException {
        while (true) {
            try {
                broker.awaitLine(l -> l.startsWith(BrokerProcess.READY_PREFIX), Duration.ofMinutes(2));
                return;
            } catch (UserError e) {
                if (broker.isAlive() || broker.exitCode() <= 128) {
                    throw e; // never ready, or it failed by itself (its log says why): starting it again would not help
                }
                int code = broker.exitCode();
                requireRestartable(broker, code);
                startChild(broker);
                say("the broker stopped before it was ready (" + describeExit(code) + "); started it again on the same data");
            }
        }
    }

    private void startStream() {
        startChild(stream);
        streamStartedAt = System.nanoTime();
        streamReady = false;
    }

    /**
     * Runs the replay to its end and returns its summary. A replay that stops with an error is started again (it
     * resumes after its last fully delivered hour) up to {@link #MAX_STARTS} times; then the demo fails with its log.
     */
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
        startChild(replay);
        while (true) {
            supervise();
            if (!replay.isAlive()) {
                int code = replay.exitCode();
                claim.forgetChild(replay.name());
                if (code == 0) {
                    return ChildReplaySummary.parse(replay.stdoutLines());
                }
                if (replay.starts() >= MAX_STARTS || closed.get()) {
                    throw new UserError("the replay failed (exit " + code + ") " + replay.starts() + " times:\n" + replay.logTail());
                }
                say("the replay stopped (" + describeExit(code) + "); started it again — it resumes after its last fully delivered hour");
                startChild(replay);
            }
            Thread.sleep(SUPERVISE.toMillis());
        }
    }

    /**
     * Restarts the broker or the stream if it stopped while the demo runs (they never stop by themselves), saying so
     * in one sentence; fails the demo if one keeps crashing or the stream never gets ready.
     */
    private void supervise() throws InterruptedException {
        if (closed.get()) {
            return;
        }
        if (!broker.isAlive()) {
            int code = broker.exitCode();
            requireRestartable(broker, code);
            startChild(broker);
            awaitBroker();
            say("the broker stopped (" + describeExit(code) + "); restarted it on the same data — the replay and the stream reconnect");
        }
        if (!stream.isAlive()) {
            int code = stream.exitCode();
            requireRestartable(stream, code);
            startStream();
            say("the stream stopped (" + describeExit(code) + "); restarted it — it resumes from its checkpoint, nothing is lost or doubled");
        }
        if (!streamReady) {
            if (stream.printed(ReadySignal.STREAM::isSignalledBy)) {
                streamReady = true;
            } else if (System.nanoTime() - streamStartedAt > STREAM_READY_WITHIN.toNanos()) {
                throw new UserError("the stream did not start within " + STREAM_READY_WITHIN + ":\n" + stream.logTail());
            }
        }
    }

    private void requireRestartable(ChildProcess c, int code) {
        claim.forgetChild(c.name());
        if (c.starts() >= MAX_STARTS) {
            throw new UserError("the " + c.name() + " stopped " + c.starts() + " times (last: " + describeExit(code)
                    + "); giving up:\n" + c.logTail());
        }
    }

    private static String describeExit(int code) {
        return code == 137 ? "killed: exit 137" : code > 128 ? "signal " + (code - 128) + ": exit " + code : "exit " + code;
    }

    /** Waits until every expected hour is in the load log, printing progress; fails after the timeout. */
    void awaitLoaded(Set<GhArchiveHour> expected, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int doneAtStart = -1;
        long eventsAtStart = 0;
        try {
            while (true) {
                Set<GhArchiveHour> missing = new HashSet<>(expected);
                long events;
                try (Connection c = warehouse.connect()) {
                    missing.removeAll(WarehouseSummary.loadedHours(c));
                    events = WarehouseSummary.events(c);
                }
                int done = expected.size() - missing.size();
                if (doneAtStart < 0) {
                    doneAtStart = done;
                    eventsAtStart = events;
                }
                Console.get().progress(progressLine(done, expected.size(), events, done - doneAtStart, events - eventsAtStart,
                        (System.nanoTime() - start) / 1e9));
                if (missing.isEmpty() && nothingPending()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new UserError("not every hour was loaded within " + timeout + "; still missing: "
                            + missing.stream().sorted().limit(10).toList() + (lastLoadError != null ? "; last load error: " + lastLoadError : "")
                            + "; logs in " + options.workdir().logs());
                }
                for (long t = 0; t < POLL.toMillis(); t += SUPERVISE.toMillis()) {
                    supervise();
                    Thread.sleep(SUPERVISE.toMillis());
                }
            }
        } finally {
            Console.get().endProgress();
        }
    }

    /** {@code loaded 12/720 hours · 16,000 events · 1,234 events/s · ETA 2 min 10 s} (rate and ETA once measurable). */
    static String progressLine(int done, int total, long events, int doneNow, long eventsNow, double seconds) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "loaded %d/%d hours · %,d events", done, total, events));
        if (doneNow > 0 && seconds >= 1) {
            b.append(String.format(Locale.ROOT, " · %,.0f events/s", eventsNow / seconds));
            if (done < total) {
                long eta = Math.round((total - done) * seconds / doneNow);
                b.append(" · ETA ").append(eta >= 60 ? eta / 60 + " min " + eta % 60 + " s" : eta + " s");
            }
        }
        return b.toString();
    }

    /** False while a manifest is not loaded yet, or while the lake cannot be read (the watch retries; so do we). */
    private boolean nothingPending() {
        try {
            return watcher.pending().isEmpty();
        } catch (Exception e) {
            return false;
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
        ChildProcess c = new ChildProcess(launcher, options.workdir().logs(), name, List.of(args), env);
        children.add(c);
        return c;
    }

    private void startChild(ChildProcess c) {
        claim.recordChild(c.name(), c.start());
    }

    private static void requireFree(int port, String what) {
        Ports.requireFree("127.0.0.1", port, what, "stop what uses it or pick another port");
    }

    static void say(String message) {
        Console.get().say(message);
    }

    /** Stops everything in reverse order: replay, stream, broker (each cleanly, killed after a grace period), then us. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // both the normal path and the Ctrl-C hook call this
        }
        if (admin != null) {
            admin.close();
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
        for (ChildProcess c : children) {
            if (c.started() && !c.isAlive() && c.exitCode() != 0) {
                // Died after the last supervision round (e.g. as the last hour loaded): the operator still hears of it.
                say("the " + c.name() + " had already stopped (" + describeExit(c.exitCode()) + ") when the demo stopped it");
            }
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).stop(Duration.ofSeconds(45));
            claim.forgetChild(children.get(i).name());
        }
        if (lake != null) {
            lake.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
        if (claim != null) {
            claim.close();
        }
    }
}
