package io.ghactivity.producer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints a progress line on stderr every few seconds: hours done/total, events/s, MB/s of JSON, ETA. */
final class Progress implements AutoCloseable {
    private final ReplayCounters counters;
    private final long totalHours;
    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;

    /** {@code totalHours} 0 = unbounded (follow mode). */
    Progress(ReplayCounters counters, long totalHours, Duration every, PrintStream err) {
        this.counters = counters;
        this.totalHours = totalHours;
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replay-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void print() {
        double s = Math.max(elapsedSeconds(), 1e-3);
        long done = counters.hoursDone.get();
        String eta = "";
        if (totalHours > 0 && done > 0 && done < totalHours) {
            eta = String.format(Locale.ROOT, ", ETA %s", format(s / done * (totalHours - done)));
        }
        err.printf(Locale.ROOT, "replay: hours %d/%s, events %,d (%,.0f/s), %.1f MB/s of JSON, dlq %,d, elapsed %s%s%n",
                done, totalHours > 0 ? Long.toString(totalHours) : "follow", counters.events.get(),
                counters.events.get() / s, counters.bytes.get() / s / 1e6, counters.dlq.get(), format(s), eta);
    }

    private static String format(double seconds) {
        long t = Math.round(seconds);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60) : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
