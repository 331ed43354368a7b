package io.ghactivity.dashboard;

import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
import io.javalin.Javalin;
import java.net.BindException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity dashboard}: serves the web dashboard and its JSON API over a DuckDB warehouse's marts, read-only,
 * until Ctrl-C.
 *
 * <p>Input: {@code --warehouse duckdb:PATH} (written by the loader). Output: http://HOST:PORT/ (the page) and
 * {@code /api/...} (JSON, see docs/dashboard.md); the URL is printed on stderr. Run:
 * {@code bin/gh-activity dashboard --warehouse duckdb:work/warehouse.duckdb --port 8080}.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve the gh-activity web dashboard and its JSON API (marts only, read-only) on 127.0.0.1.")
public final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--warehouse", required = true, paramLabel = "duckdb:PATH",
            description = "the warehouse the loader writes, e.g. duckdb:work/warehouse.duckdb")
    String warehouse;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "interface to bind (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--max-queries", defaultValue = "4",
            description = "requests that may query the warehouse at once; more wait up to 2 s, then get a 503 (default ${DEFAULT-VALUE})")
    int maxQueries;

    @Option(names = "--query-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "a request's queries are interrupted after this long, answered 503 (default ${DEFAULT-VALUE})")
    int queryTimeoutSeconds;

    @Option(names = "--no-answer-cache",
            description = "query the warehouse for every request instead of caching answers per loaded version "
                    + "(for checking numbers against the warehouse, or measuring it; slower)")
    boolean noAnswerCache;

    public static void main(String[] args) {
        System.exit(Cli.execute(new DashboardCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        DashboardConfig config = new DashboardConfig(DashboardConfig.parseWarehouse(warehouse), host, port,
                DashboardConfig.limits(maxQueries, queryTimeoutSeconds));
        try (ReadOnlyWarehouse wh = ReadOnlyWarehouse.open(config.warehouse())) {
            DashboardService service = new DashboardService(wh, Clock.systemUTC(), config.limits(), !noAnswerCache);
            Javalin app = start(DashboardApp.create(service), config);
            WarmUp warmUp = WarmUp.start(service);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                warmUp.close();
                app.stop();
                stopped.countDown();
            }, "dashboard-shutdown"));
            System.err.printf("dashboard: serving %s at http://%s:%d/ (Ctrl-C to stop)%n",
                    config.warehouse(), config.host(), app.port());
            stopped.await();
        }
        return Cli.EXIT_OK;
    }

    static Javalin start(Javalin app, DashboardConfig config) {
        try {
            return app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new UserError("cannot listen on " + config.host() + ":" + config.port() + " ("
                            + t.getMessage() + "): is another dashboard running? pick another --port", e);
                }
            }
            throw e;
        }
    }
}
