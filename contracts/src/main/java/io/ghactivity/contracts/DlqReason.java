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
    REFUSED_BY_BROKER("refused_by_broker"),
    // Hostile-input classes (issue 16). Appended, not inserted: nothing may depend on an existing ordinal changing.
    /**
     * A well-formed {@code created_at} outside [1970-01-01T00:00:00Z, 10000-01-01T00:00:00Z): Kafka record timestamps
     * cannot be negative, and the lake partitions and the warehouse's hour columns have four-digit years.
     */
    CREATED_AT_OUT_OF_RANGE("created_at_out_of_range"),
    /** {@code type} longer than {@link EventValidator#MAX_TYPE_BYTES} UTF-8 bytes (GitHub's longest is 29). */
    TYPE_TOO_LONG("type_too_long"),
    /**
     * A name that becomes a warehouse text column ({@code actor.login}, {@code repo.name}, {@code org.login},
     * {@code payload.action}, {@code payload.ref_type}) longer than {@link EventValidator#MAX_NAME_BYTES} UTF-8 bytes.
     */
    NAME_TOO_LONG("name_too_long"),
    /** JSON nested deeper than {@link EventValidator#MAX_NESTING_DEPTH} levels (Jackson's limit). */
    TOO_DEEPLY_NESTED("too_deeply_nested"),
    /** Bytes between or after the members of a gzip file that are not gzip; the lines around them are read. */
    GZIP_JUNK("gzip_junk");

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
