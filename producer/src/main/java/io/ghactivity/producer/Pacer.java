package io.ghactivity.producer;

/**
 * {@code --speed N}: holds each event back until N× real time has passed since the run's first event, measured by
 * {@code created_at}. {@code --speed max} (factor 0) never waits.
 */
final class Pacer {
    private final double factor;
    private long firstEventMillis = Long.MIN_VALUE;
    private long wallStartNanos;

    Pacer(double factor) {
        this.factor = factor;
    }

    void await(long eventMillis) throws InterruptedException {
        if (factor <= 0) {
            return;
        }
        if (firstEventMillis == Long.MIN_VALUE) {
            firstEventMillis = eventMillis;
            wallStartNanos = System.nanoTime();
            return;
        }
        long dueNanos = wallStartNanos + (long) ((eventMillis - firstEventMillis) * 1_000_000L / factor);
        long wait = dueNanos - System.nanoTime();
        if (wait > 1_000_000) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
