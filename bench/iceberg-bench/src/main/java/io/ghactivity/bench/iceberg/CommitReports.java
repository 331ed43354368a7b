package io.ghactivity.bench.iceberg;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.apache.iceberg.metrics.TimerResult;

/**
 * Iceberg's own account of each commit (catalog property {@code metrics-reporter-impl}): total commit duration and
 * attempts, as Iceberg's {@code SnapshotProducer} measures them — a cross-check of {@link JobEndClock}'s split.
 */
public final class CommitReports implements MetricsReporter {
    private static final AtomicReference<CommitReport> LAST = new AtomicReference<>();

    @Override
    public void report(MetricsReport report) {
        if (report instanceof CommitReport c) {
            LAST.set(c);
        }
    }

    static void clear() {
        LAST.set(null);
    }

    /** Milliseconds of the last commit Iceberg reported since {@link #clear}, or -1. */
    static double lastCommitMillis() {
        CommitReport c = LAST.get();
        TimerResult t = c == null ? null : c.commitMetrics().totalDuration();
        return t == null ? -1 : t.totalDuration().toNanos() / 1e6;
    }

    /** Attempts of the last commit (more than 1: another writer committed first and Iceberg retried), or -1. */
    static long lastAttempts() {
        CommitReport c = LAST.get();
        return c == null || c.commitMetrics().attempts() == null ? -1 : c.commitMetrics().attempts().value();
    }
}
