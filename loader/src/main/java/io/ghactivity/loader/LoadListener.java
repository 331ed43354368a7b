package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;

/**
 * Progress of one hour's load, step by step inside its transaction (for progress on stderr, metrics, and tests that
 * interrupt a load at a precise point: an exception thrown here rolls the whole hour back).
 */
@FunctionalInterface
public interface LoadListener {
    /** Steps, in order. */
    enum Step { STAGED, FACT_REPLACED, MARTS_REFRESHED, CHECKED, COMMITTED }

    void onStep(GhArchiveHour hour, Step step, double secondsSinceStart);

    /** Each SQL statement of the transaction after staging, with its duration (for profiling; default: ignored). */
    default void onStatement(String sql, double seconds) {
    }

    LoadListener NONE = (hour, step, seconds) -> { };
}
