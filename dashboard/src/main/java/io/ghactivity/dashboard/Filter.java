package io.ghactivity.dashboard;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.regex.Pattern;

/**
 * The filters every API call takes: an inclusive UTC hour range and an event type, each optional (null = unbounded /
 * all types). Built from raw query parameters by {@link #parse}, which is where input is validated; a type's existence
 * is checked later against the warehouse ({@link EventTypes}).
 */
public record Filter(GhArchiveHour from, GhArchiveHour to, String type) {
    public static final Filter ALL = new Filter(null, null, null);

    /** DuckDB TIMESTAMP literals for the unbounded ends; far outside any GH Archive data. */
    private static final String MIN_TS = "1970-01-01 00:00:00";
    private static final String MAX_TS = "9999-12-31 23:00:00";
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z]{0,60}Event");

    public Filter {
        if (from != null && to != null && from.compareTo(to) > 0) {
            throw new BadRequest("from " + from + " is after to " + to + " (both are inclusive hours)");
        }
    }

    /** Parses {@code from}/{@code to} ({@code YYYY-MM-DDTHH}, UTC, inclusive) and {@code type}; blanks mean "not set". */
    public static Filter parse(String from, String to, String type) {
        return new Filter(hour("from", from), hour("to", to), type(type));
    }

    private static GhArchiveHour hour(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        GhArchiveHour h;
        try {
            h = GhArchiveHour.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(name + ": " + e.getMessage());
        }
        // the parser resolves leniently (2022-06-31 becomes 2022-06-30): a date that changed is not a date
        if (!h.toString().equals(value.trim())) {
            throw new BadRequest(name + ": '" + value.trim() + "' is not a calendar hour (did you mean " + h + "?)");
        }
        return h;
    }

    private static String type(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String t = value.trim();
        if (!TYPE_NAME.matcher(t).matches()) {
            throw new BadRequest("type: '" + abbreviate(t) + "' is not an event type name such as PushEvent");
        }
        return t;
    }

    public boolean hasType() {
        return type != null;
    }

    /** Lower bound as a DuckDB TIMESTAMP literal, for {@code event_hour BETWEEN CAST(? AS TIMESTAMP) AND …}. */
    public String fromTimestamp() {
        return from == null ? MIN_TS : timestamp(from);
    }

    public String toTimestamp() {
        return to == null ? MAX_TS : timestamp(to);
    }

    /** Lower bound in epoch hours (distinct_gaps); 0 is before any data, so "prev_hour &lt; 0" keeps first gaps only. */
    public long fromEpochHour() {
        return from == null ? 0 : from.epochHour();
    }

    public long toEpochHour() {
        return to == null ? Integer.MAX_VALUE : to.epochHour();
    }

    /** The {@code distinct_gaps.event_type} value for this filter. */
    public String gapsType() {
        return type == null ? io.ghactivity.contracts.Marts.ALL_TYPES : type;
    }

    public Filter withoutType() {
        return new Filter(from, to, null);
    }

    private static String timestamp(GhArchiveHour h) {
        return h.start().toLocalDate() + " " + h.hr() + ":00:00";
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
