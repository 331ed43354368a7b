package io.ghactivity.dashboard;

/**
 * The dashboard cannot answer now but may in a moment: every query slot is busy, or the request's statements ran out
 * of time. Answered 503 with {@code Retry-After: retryAfterSeconds} and this message.
 */
public final class ServiceUnavailable extends RuntimeException {
    private final int retryAfterSeconds;

    public ServiceUnavailable(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
