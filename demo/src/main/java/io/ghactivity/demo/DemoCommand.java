package io.ghactivity.demo;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity demo}: the whole pipeline on this machine — broker, replay, stream, loader, dashboard — with one
 * command. Default: synthetic June 2022 at scale 0.001 (≈ 96 k events), served at http://127.0.0.1:8080/ until Ctrl-C.
 *
 * <p>With {@code --exit-when-done} it waits until every hour of the range is loaded, prints one JSON line read back from
 * the warehouse ({@code {"events":N,"dlq":N,"per_type":{…},"per_hour_of_day":{…}}}), stops everything and exits 0.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the whole pipeline locally (broker, replay, stream, loader, dashboard) and serve the dashboard.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--source", defaultValue = "synthetic", paramLabel = "synthetic|gharchive|dir:PATH",
            description = "What to replay (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--from", defaultValue = "2022-06-01T00", description = "First hour, UTC (default: ${DEFAULT-VALUE}).")
    GhArchiveHour from;

    @Option(names = "--to", defaultValue = "2022-06-30T23", description = "Last hour, UTC, inclusive (default: ${DEFAULT-VALUE}).")
    GhArchiveHour to;

    @Option(names = "--scale", defaultValue = "0.001", description = "Synthetic: fraction of the real June 2022 volume (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--seed", defaultValue = "1", description = "Synthetic: random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--gharchive-url", defaultValue = "https://data.gharchive.org", description = "GH Archive base URL (default: ${DEFAULT-VALUE}).")
    String ghArchiveUrl;

    @Option(names = "--workdir", description = "All state: lake, warehouse, broker data, checkpoints, logs; reusing it resumes (default: ~/.gh-activity/demo).")
    Path workdir;

    @Option(names = "--port", defaultValue = "8080", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--broker-port", defaultValue = "19092", description = "Kafka port; the controller uses the next one (default: ${DEFAULT-VALUE}).")
    int brokerPort;

    @Option(names = "--exit-when-done", description = "Wait until every hour is loaded, print a JSON summary from the warehouse, stop, exit.")
    boolean exitWhenDone;

    @Option(names = "--timeout", defaultValue = "PT2H", description = "With --exit-when-done: give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    public static void main(String[] args) {
        System.exit(Cli.execute(new DemoCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = workdir != null ? workdir : Path.of(System.getProperty("user.home"), ".gh-activity", "demo");
        DemoOptions options = new DemoOptions(source, from, to, scale, seed, ghArchiveUrl, new Workdir(dir.toAbsolutePath()),
                "127.0.0.1", port, brokerPort, exitWhenDone, timeout);
        Path launcher = launcher();
        options.workdir().prepare();
        logToWorkdir(options.workdir());
        Console.useTerminalIfAny();
        if (source.equals("gharchive")) {
            GhArchiveProbe.requireReachable(ghArchiveUrl, options.from());
        }
        LocalStack stack = new LocalStack(options, launcher);
        Thread stopper = new Thread(stack::close, "demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            String url = stack.start();
            LocalStack.say("dashboard: " + url + " (it fills as hours load)");
            ChildReplaySummary replay = stack.replay();
            Set<GhArchiveHour> expected = new HashSet<>(GhArchiveHour.rangeInclusive(options.from(), options.to()));
            replay.missingHours().forEach(expected::remove);
            LocalStack.say("replay done: " + replay.events() + " events, " + replay.dlq() + " rejected to the DLQ, "
                    + replay.missingHours().size() + " missing hours; waiting for the stream and the loader");
            stack.awaitLoaded(expected, options.timeout());
            if (exitWhenDone) {
                System.out.println(stack.summaryJson(replay.dlq()));
                System.out.flush();
                return Cli.EXIT_OK;
            }
            LocalStack.say("all " + expected.size() + " hours loaded; serving " + url + " until Ctrl-C");
            new CountDownLatch(1).await();
            return Cli.EXIT_OK;
        } finally {
            stack.close();
            Processes.removeHook(stopper); // while exiting, the hook runs close() again, which is harmless
        }
    }

    /** This process's own logs (loader, dashboard, warm-up) to logs/demo.log; the terminal keeps the demo's sentences. */
    private static void logToWorkdir(Workdir w) {
        System.setProperty("gh.demo.log", w.logs().resolve("demo.log").toString());
        try {
            Configurator.reconfigure(DemoCommand.class.getResource("/log4j2-demo.properties").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path launcher() {
        String root = System.getProperty("gh.root");
        Path launcher = root == null ? null : Path.of(root, "bin", "gh-activity");
        if (launcher == null || !Files.isExecutable(launcher)) {
            throw new UserError("cannot find bin/gh-activity (start the demo through bin/gh-activity or make demo)");
        }
        return launcher;
    }
}
