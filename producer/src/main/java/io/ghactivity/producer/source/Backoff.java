package io.ghactivity.producer.source;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: retry {@code n} (1-based) waits between half and all of
 * {@code min(max, base × 2^(n-1))}, so many clients retrying the same outage do not hammer the server in step.
 */
public record Backoff(Duration base, Duration max) {

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max: " + base + ", " + max);
        }
    }

    /** The ceiling of retry {@code n} before jitter. */
    public Duration ceiling(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 30);
        long millis = base.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** The delay of retry {@code n} for a given uniform random number in [0, 1). */
    public Duration delay(int retry, double unit) {
        long c = ceiling(retry).toMillis();
        return Duration.ofMillis(c / 2 + (long) (unit * (c - c / 2)));
    }

    public void sleep(int retry) throws InterruptedException {
        Thread.sleep(delay(retry, ThreadLocalRandom.current().nextDouble()).toMillis());
    }
}
