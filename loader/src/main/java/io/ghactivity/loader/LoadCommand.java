package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.WarehouseOwner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity load}: loads closed lake hours (exactly the files their manifests list) into the warehouse, one
 * transaction per hour with marts refresh and quality checks.
 *
 * <p>Inputs: {@code --lake DIR|s3a://…}, {@code --warehouse duckdb:PATH|redshift:JDBC_URL}, one of {@code --hour},
 * {@code --pending}, {@code --watch}. Outputs: one JSON line per hour on stdout, progress on stderr. Exit codes: 0 ok,
 * 1 error, 3 quality check failed, 4 no manifest for the hour. Run: {@code bin/gh-activity load --help}.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load closed lake hours into the warehouse and refresh the marts (one transaction per hour).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (every hour loaded or skipped)", "1:error", "3:a quality check failed (the message names it)",
                "4:no manifest for the hour (the message names the expected path)"})
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, paramLabel = "DIR|s3a://BUCKET/PREFIX", description = "Lake root.")
    String lake;

    @Mixin
    ConnectionOptions connection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--hour", paramLabel = "YYYY-MM-DDTHH", description = "Load this closed hour (UTC).")
        GhArchiveHour hour;

        @Option(names = "--pending", description = "Load every closed hour not loaded yet (or whose manifest changed), in order.")
        boolean pending;

        @Option(names = "--watch", description = "Keep loading hours as their manifests appear (Ctrl-C to stop).")
        boolean watch;
    }

    @Option(names = "--force", description = "Reload even if this manifest revision is already loaded.")
    boolean force;

    @Option(names = "--poll", defaultValue = "PT10S", paramLabel = "DURATION",
            description = "--watch: how often to look for new manifests (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration poll;

    public static void main(String[] args) {
        System.exit(Cli.execute(new LoadCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (mode.hour != null) {
            Optional<Integer> forwarded = LiveWarehouse.forward(connection, WarehouseOwner.LOAD_PATH,
                    "hour=" + mode.hour + "&force=" + force);
            if (forwarded.isPresent()) {
                return forwarded.get();
            }
        } else {
            Optional<WarehouseOwner> owner = connection.duckDbPath().flatMap(WarehouseOwner::find);
            if (owner.isPresent()) {
                throw new UserError("a running demo (pid " + owner.get().pid() + ") owns this warehouse and loads every"
                        + " closed hour itself; to reload one hour use --hour H --force (it is sent to the demo)");
            }
        }
        try (Lake l = Lake.open(lake, connection.s3()); Warehouse w = connection.openWarehouse()) {
            HourLoader loader = new HourLoader(w, l, LoadCommand::progress);
            if (mode.hour != null) {
                LoadResult r;
                try {
                    r = loader.load(mode.hour, force);
                } catch (LoadFailure e) {
                    System.out.println(LoadResult.failed(mode.hour.toString(), e).toJson());
                    throw e;
                }
                System.out.println(r.toJson());
                System.err.printf("load: %s %s (%d rows, %.2f s)%n", r.hour(), r.status().name().toLowerCase(), r.rows(), r.seconds());
                return Cli.EXIT_OK;
            }
            HourWatcher watcher = new HourWatcher(loader, w, l);
            if (mode.pending) {
                List<LoadResult> results;
                try {
                    results = watcher.loadPending(LoadCommand::report);
                } catch (LoadFailure e) {
                    throw e;
                } catch (Exception e) {
                    // Listing manifests or reading load_log failed after the client's own retries (S3 or disk down).
                    throw new UserError("cannot read the lake " + lake + " or the warehouse (" + e.getMessage().lines().findFirst().orElse("")
                            + "); each hour loads all or nothing, so run the same command again once it is reachable", e);
                }
                System.err.printf("load: %d hours tried, %d failed%n", results.size(),
                        results.stream().filter(r -> r.status() == LoadResult.Status.FAILED).count());
                return results.stream().filter(r -> r.exitCode() != 0).findFirst().map(LoadResult::exitCode).orElse(Cli.EXIT_OK);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(watcher::stop, "load-watch-stop"));
            System.err.println("load: watching " + l.layout().manifests() + " every " + poll + " (Ctrl-C to stop)");
            watcher.watch(poll, LoadCommand::report);
            return Cli.EXIT_OK;
        }
    }

    private static void report(LoadResult r) {
        System.out.println(r.toJson());
        System.out.flush();
        if (r.error() != null) {
            System.err.println("load: " + r.hour() + " failed: " + r.error());
        }
    }

    private static void progress(GhArchiveHour hour, LoadListener.Step step, double seconds) {
        System.err.printf("load: %s %s at %.2f s%n", hour, step.name().toLowerCase().replace('_', ' '), seconds);
    }
}
