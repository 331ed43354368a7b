package io.ghactivity.stream.core;

/** Reads the (created_at, id) pairs of committed lake files: how {@link IdIndex} loads an hour it has not seen. */
@FunctionalInterface
public interface CommittedIds {
    /** Calls {@code each} with the event time (epoch millis) and id of every row of {@code files}. */
    void read(String[] files, Row each);

    @FunctionalInterface
    interface Row {
        void accept(long createdAtMillis, long id);
    }
}
