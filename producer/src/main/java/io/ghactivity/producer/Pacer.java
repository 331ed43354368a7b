package io.ghactivity.producer;

import java.util.function.LongSupplier;

/**
 * {@code --speed N}: holds each event back until N× real time has passed since the run's first event, measured by
 * {@code created_at}. {@code --speed max} (factor 0) never waits.
 */
final class Pacer {
    /** Sleeps for a number of nanoseconds; a seam so tests can run on a simulated clock. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double factor;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long firstEventMillis = Long.MIN_VALUE;
    private long wallStartNanos;

    Pacer(double factor) {
        this(factor, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    Pacer(double factor, LongSupplier nanoClock, Sleeper sleeper) {
        this.factor = factor;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    void await(long eventMillis) throws InterruptedException {
        if (factor <= 0) {
            return;
        }
        if (firstEventMillis == Long.MIN_VALUE) {
            firstEventMillis = eventMillis;
            wallStartNanos = nanoClock.getAsLong();
            return;
        }
        long dueNanos = wallStartNanos + (long) ((eventMillis - firstEventMillis) * 1_000_000L / factor);
        long wait = dueNanos - nanoClock.getAsLong();
        if (wait > 1_000_000) { // below a millisecond the sleep itself costs more than it paces
            sleeper.sleepNanos(wait);
        }
    }
}
