package io.ghactivity.producer;

import java.util.function.LongSupplier;

/**
 * {@code --speed N}: holds each event back until N× real time has passed since the run's first event, measured by
 * {@code created_at}. {@code --speed max} (factor 0) never waits. Event times are taken within the hour of the file
 * being sent ({@link #window}): an event dated far from its file (a 9999 timestamp) would otherwise hold the replay
 * back for centuries, or, first in a run, put every later event "behind schedule".
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
    private long windowFrom = Long.MIN_VALUE;
    private long windowTo = Long.MAX_VALUE;

    Pacer(double factor) {
        this(factor, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    Pacer(double factor, LongSupplier nanoClock, Sleeper sleeper) {
        this.factor = factor;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** The file being sent covers [fromMillis, toMillis): event times outside it are clamped into it. */
    void window(long fromMillis, long toMillis) {
        windowFrom = fromMillis;
        windowTo = toMillis;
    }

    void await(long eventMillis) throws InterruptedException {
        if (factor <= 0) {
            return;
        }
        eventMillis = Math.max(windowFrom, Math.min(windowTo, eventMillis));
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
