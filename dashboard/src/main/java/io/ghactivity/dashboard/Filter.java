package io.ghactivity.dashboard;

import io.ghactivity.contracts.GhArchiveHour;

/**
 * The filters every API call takes: an inclusive UTC hour range and an event type, each optional (null = unbounded /
 * all types). Built from raw query parameters by {@link #parse}, which is where input is validated; a type's existence
 * is checked later against the warehouse ({@link EventTypes}).
 *
 * <p>Hours must lie in {@link #EARLIEST}..{@link #LATEST} (the epoch-hour keys of the marts start at 1970, and DuckDB's
 * TIMESTAMP literals end at year 9999), and an explicit range may span at most {@link #MAX_RANGE_YEARS} years: anything
 * longer can only mean "everything", which is what leaving {@code from}/{@code to} out asks for.
 */
public record Filter(GhArchiveHour from, GhArchiveHour to, String type) {
    public static final Filter ALL = new Filter(null, null, null);

    public static final GhArchiveHour EARLIEST = GhArchiveHour.parse("1970-01-01T00");
    public static final GhArchiveHour LATEST = GhArchiveHour.parse("9999-12-31T23");
    public static final int MAX_RANGE_YEARS = 25;
    /** Longest type name accepted: the warehouse's widest text column (Redshift VARCHAR(512), docs/warehouse.md). */
    public static final int MAX_TYPE_LENGTH = 512;
    /** DuckDB TIMESTAMP literals for the unbounded ends; far outside any GH Archive data. */
    private static final String MIN_TS = "1970-01-01 00:00:00";
    private static final String MAX_TS = "9999-12-31 23:00:00";

    public Filter {
        if (from != null && to != null && from.compareTo(to) > 0) {
            throw new BadRequest("from " + from + " is after to " + to + " (both are inclusive hours)");
        }
        if (from != null && to != null && from.start().plusYears(MAX_RANGE_YEARS).isBefore(to.start())) {
            throw new BadRequest("from " + from + " to " + to + " spans more than " + MAX_RANGE_YEARS
                    + " years; leave from and to out to cover everything loaded");
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
        if (h.compareTo(EARLIEST) < 0 || h.compareTo(LATEST) > 0) {
            throw new BadRequest(name + ": " + h + " is outside the hours the dashboard answers for, "
                    + EARLIEST + " to " + LATEST + " (GH Archive starts in 2011)");
        }
        return h;
    }

    private static String type(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String t = value.trim();
        // any other string is looked up among the types present (EventTypes): data may hold any non-empty type name
        if (t.length() > MAX_TYPE_LENGTH || t.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequest("type: '" + abbreviate(t.replaceAll("\\p{Cntrl}", "?"))
                    + "' is not an event type name such as PushEvent (at most " + MAX_TYPE_LENGTH
                    + " characters, no control characters)");
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
