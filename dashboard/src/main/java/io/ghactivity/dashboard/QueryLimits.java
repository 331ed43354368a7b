package io.ghactivity.dashboard;

import java.time.Duration;

/**
 * How much of the warehouse the dashboard may take, so one client cannot starve the loader that shares the DuckDB
 * instance: at most {@code maxConcurrent} requests query at once, a request waits at most {@code queueWait} for a slot
 * (then 503 with Retry-After), and one request's statements are interrupted after {@code statementTimeout} (503).
 */
public record QueryLimits(int maxConcurrent, Duration queueWait, Duration statementTimeout) {
    /** Four queries at once (DuckDB parallelises each one over every core), 2 s in the queue, 30 s per request. */
    public static final QueryLimits DEFAULT = new QueryLimits(4, Duration.ofSeconds(2), Duration.ofSeconds(30));

    public QueryLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1: " + maxConcurrent);
        }
        if (queueWait.isNegative() || statementTimeout.isNegative()) {
            throw new IllegalArgumentException("queueWait and statementTimeout must not be negative");
        }
    }
}
