package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.local.WarehouseOwner;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity check}: re-runs the quality checks of a loaded hour against the warehouse, records them in
 * {@code quality_checks}, prints them as JSON (one line per check) and exits 3 if any failed.
 * Run: {@code bin/gh-activity check --warehouse duckdb:warehouse.duckdb --hour 2022-06-05T07}.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Re-run the quality checks of a loaded hour; print them as JSON; exit 3 if one fails.")
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--hour", required = true, paramLabel = "YYYY-MM-DDTHH", description = "The loaded hour (UTC).")
    GhArchiveHour hour;

    public static void main(String[] args) {
        System.exit(Cli.execute(new CheckCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        Optional<Integer> forwarded = LiveWarehouse.forward(connection, WarehouseOwner.CHECK_PATH, "hour=" + hour);
        if (forwarded.isPresent()) {
            return forwarded.get();
        }
        // check only reads and records: no staging, so Redshift needs no --iam-role/--s3-staging.
        try (Warehouse w = connection.openWarehouseWithoutStaging()) {
            List<String> lines;
            try {
                lines = run(w, hour);
            } catch (ChecksFailed e) {
                e.lines().forEach(System.out::println);
                throw e;
            }
            lines.forEach(System.out::println);
            System.err.println("check: " + hour + " passed " + lines.size() + " checks");
            return Cli.EXIT_OK;
        }
    }

    /**
     * Re-runs and records the checks of a loaded hour; returns one JSON line per check, or throws a {@link LoadFailure}
     * (exit 1: not loaded; exit 3: a check failed, the lines then in {@link ChecksFailed#lines()}). The process that
     * owns a live DuckDB warehouse runs this for {@code check} requests it receives.
     */
    public static List<String> run(Warehouse w, GhArchiveHour hour) throws Exception {
        try (Connection c = w.connect()) {
            Optional<HourLoader.Logged> logged = HourLoader.logged(c, hour);
            if (logged.isEmpty()) {
                throw LoadFailure.of(hour + " is not loaded in " + w.describe() + ": nothing to check (gh-activity load --hour " + hour + ")");
            }
            List<CheckResult> checks = QualityChecks.run(c, hour, logged.get().rows());
            // One transaction: in autocommit a reader between the delete and the inserts would see the hour with no checks.
            QualityChecks.replace(c, hour, logged.get().revision(), checks, HourLoader.now());
            List<String> lines = checks.stream().map(r -> String.format("{\"hour\":\"%s\",\"check\":\"%s\",\"passed\":%s,\"detail\":\"%s\"}",
                    hour, r.name(), r.passed(), LoadResult.escape(r.detail()))).toList();
            List<String> failed = checks.stream().filter(r -> !r.passed()).map(r -> r.name() + ": " + r.detail()).toList();
            if (!failed.isEmpty()) {
                throw new ChecksFailed("quality check failed for " + hour + ": " + String.join("; ", failed), lines);
            }
            return lines;
        }
    }

    /** Exit 3, with the check lines that are printed before the message. */
    public static final class ChecksFailed extends LoadFailure {
        private final transient List<String> lines;

        ChecksFailed(String message, List<String> lines) {
            super(message, LoadFailure.QUALITY_CHECK_FAILED);
            this.lines = List.copyOf(lines);
        }

        public List<String> lines() {
            return lines;
        }
    }
}
