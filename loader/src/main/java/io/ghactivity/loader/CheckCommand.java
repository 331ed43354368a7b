package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
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
        try (Warehouse w = connection.openWarehouseWithoutStaging(); Connection c = w.connect()) {
            Optional<HourLoader.Logged> logged = HourLoader.logged(c, hour);
            if (logged.isEmpty()) {
                throw LoadFailure.of(hour + " is not loaded in " + w.describe() + ": nothing to check (gh-activity load --hour " + hour + ")");
            }
            List<CheckResult> checks = QualityChecks.run(c, hour, logged.get().rows());
            // One transaction: in autocommit a reader between the delete and the inserts would see the hour with no checks.
            QualityChecks.replace(c, hour, logged.get().revision(), checks, HourLoader.now());
            for (CheckResult r : checks) {
                System.out.printf("{\"hour\":\"%s\",\"check\":\"%s\",\"passed\":%s,\"detail\":\"%s\"}%n",
                        hour, r.name(), r.passed(), LoadResult.escape(r.detail()));
            }
            List<String> failed = checks.stream().filter(r -> !r.passed()).map(r -> r.name() + ": " + r.detail()).toList();
            if (!failed.isEmpty()) {
                throw new LoadFailure("quality check failed for " + hour + ": " + String.join("; ", failed),
                        LoadFailure.QUALITY_CHECK_FAILED);
            }
            System.err.println("check: " + hour + " passed " + checks.size() + " checks");
            return Cli.EXIT_OK;
        }
    }
}
