package io.ghactivity.contracts;

/** Why a line was rejected. The code is the value of the {@link Topics#HEADER_DLQ_REASON} header and the key in counts. */
public enum DlqReason {
    NOT_JSON("not_json"),
    NOT_OBJECT("not_object"),
    INVALID_UTF8("invalid_utf8"),
    MISSING_ID("missing_id"),
    BAD_ID("bad_id"),
    MISSING_TYPE("missing_type"),
    BAD_TYPE("bad_type"),
    MISSING_CREATED_AT("missing_created_at"),
    BAD_CREATED_AT("bad_created_at"),
    /** The last line of a file ends without a newline and does not parse: the file was cut mid-event. */
    TRUNCATED_LINE("truncated_line"),
    /** The gzip stream is damaged (bad header, CRC or data); the bytes after the last good line are kept here. */
    CORRUPT_GZIP("corrupt_gzip"),
    /** The gzip stream ends early (no trailer). */
    TRUNCATED_GZIP("truncated_gzip"),
    OVERSIZED("oversized"),
    /**
     * A valid event the broker refused: larger than the topic's {@code max.message.bytes}, a timestamp outside the
     * topic's allowed range, or another record-level refusal. The replay routes it here instead of stopping.
     */
    REFUSED_BY_BROKER("refused_by_broker");

    private final String code;

    DlqReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static DlqReason fromCode(String code) {
        for (DlqReason r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown DLQ reason: " + code);
    }
}
