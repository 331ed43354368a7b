package io.ghactivity.contracts;

/**
 * What {@link EventValidator} decided about one line: either a valid {@link EventEnvelope} or a {@link DlqReason}
 * with a short human-readable detail.
 */
public record Verdict(EventEnvelope event, DlqReason reason, String detail) {
    public static Verdict valid(EventEnvelope event) {
        return new Verdict(event, null, null);
    }

    public static Verdict reject(DlqReason reason, String detail) {
        return new Verdict(null, reason, detail);
    }

    public boolean isValid() {
        return event != null;
    }
}
