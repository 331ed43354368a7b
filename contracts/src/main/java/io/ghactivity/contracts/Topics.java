package io.ghactivity.contracts;

/**
 * Kafka topic and header names shared by the producer, the streaming job and anything else that reads the topics.
 *
 * <p>{@link #EVENTS}: value = the original event line bytes (lossless), key = event id, record timestamp = created_at.
 * {@link #DLQ}: value = the raw rejected bytes, header {@link #HEADER_DLQ_REASON} says why.
 * {@link #CONTROL}: one {@link HourEndMarker} per hour file the producer has fully delivered, so the streaming job
 * learns "no more events of this file are coming" from data instead of from a wall clock.
 */
public final class Topics {
    public static final String EVENTS = "gharchive.events";
    public static final String DLQ = "gharchive.events.dlq";
    public static final String CONTROL = "gharchive.control";

    /** Event type, e.g. {@code PushEvent}, so consumers can route without parsing the value. */
    public static final String HEADER_TYPE = "gh.type";
    /** Source file name the record came from, e.g. {@code 2022-06-05-7.json.gz}. */
    public static final String HEADER_SOURCE_FILE = "gh.source.file";
    /** 1-based line number in the (decompressed) source file. */
    public static final String HEADER_SOURCE_LINE = "gh.source.line";
    /** Why a record is in the DLQ; one of {@link DlqReason#code()}. */
    public static final String HEADER_DLQ_REASON = "gh.dlq.reason";
    /** Free-text detail for a DLQ record, e.g. the parser's message. */
    public static final String HEADER_DLQ_DETAIL = "gh.dlq.detail";

    /**
     * The largest event the pipeline promises to deliver. Real events reach a few MB (big PushEvent commit lists);
     * producer {@code max.request.size}, topic {@code max.message.bytes} and consumer fetch sizes are set above it.
     */
    public static final int MAX_EVENT_BYTES = 5 * 1024 * 1024;
    /** Broker/topic/producer request limit: an event at {@link #MAX_EVENT_BYTES} plus key, headers and batch overhead. */
    public static final int MAX_RECORD_BATCH_BYTES = MAX_EVENT_BYTES + 1024 * 1024;

    private Topics() {
    }
}
