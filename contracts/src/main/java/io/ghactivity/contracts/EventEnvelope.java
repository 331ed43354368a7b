package io.ghactivity.contracts;

import java.time.Instant;

/**
 * The three fields every valid event has, as {@link EventValidator} parsed them: the rest of the line is passed
 * through untouched.
 *
 * @param id              the event id (GitHub ids are decimal digits; they fit a signed long)
 * @param type            the event type, e.g. {@code PushEvent}
 * @param createdAtMillis {@code created_at} as epoch milliseconds, UTC
 */
public record EventEnvelope(long id, String type, long createdAtMillis) {
    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAtMillis);
    }
}
