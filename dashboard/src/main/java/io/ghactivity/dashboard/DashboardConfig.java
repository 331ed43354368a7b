package io.ghactivity.dashboard;

import io.ghactivity.contracts.cli.UserError;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Typed, validated settings of {@code gh-activity dashboard}.
 *
 * @param warehouse the DuckDB file (from {@code --warehouse duckdb:PATH})
 * @param host      interface to bind; 127.0.0.1 by default so nothing is exposed beyond this machine
 * @param port      HTTP port, 0 = any free port
 * @param limits    query slots, queue wait and per-request statement timeout
 */
public record DashboardConfig(Path warehouse, String host, int port, QueryLimits limits) {
    public DashboardConfig {
        if (port < 0 || port > 65535) {
            throw new UserError("--port " + port + " is not a TCP port (0-65535; 0 picks a free one)", 2, null);
        }
        if (host == null || host.isBlank()) {
            throw new UserError("--host must not be empty (default 127.0.0.1)", 2, null);
        }
    }

    /** From {@code --max-queries} and {@code --query-timeout} (seconds); the queue wait is the default's. */
    public static QueryLimits limits(int maxQueries, int queryTimeoutSeconds) {
        if (maxQueries < 1 || maxQueries > 64) {
            throw new UserError("--max-queries " + maxQueries + " is out of range (1-64)", 2, null);
        }
        if (queryTimeoutSeconds < 1 || queryTimeoutSeconds > 3600) {
            throw new UserError("--query-timeout " + queryTimeoutSeconds + " is out of range (1-3600 seconds)", 2, null);
        }
        return new QueryLimits(maxQueries, QueryLimits.DEFAULT.queueWait(), Duration.ofSeconds(queryTimeoutSeconds));
    }

    /** Parses {@code duckdb:PATH}; other warehouses have no built-in dashboard (the cloud uses Metabase). */
    public static Path parseWarehouse(String spec) {
        if (spec != null && spec.startsWith("duckdb:") && spec.length() > "duckdb:".length()) {
            return Path.of(spec.substring("duckdb:".length()));
        }
        throw new UserError("--warehouse '" + spec + "' is not duckdb:PATH (e.g. duckdb:work/warehouse.duckdb); "
                + "Redshift is served by Metabase in the cloud, not by this dashboard", 2, null);
    }
}
