package io.ghactivity.dashboard;

/** An API request the caller can fix (bad hour, unknown type, bad limit): answered 400 with this message. */
public final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
