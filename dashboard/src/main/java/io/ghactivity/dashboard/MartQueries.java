package io.ghactivity.dashboard;

import static io.ghactivity.contracts.Marts.DISTINCT_GAPS;
import static io.ghactivity.contracts.Marts.ENTITY_ACTOR;
import static io.ghactivity.contracts.Marts.ENTITY_REPO;
import static io.ghactivity.contracts.Marts.HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.HOURLY_TOTALS;
import static io.ghactivity.contracts.Marts.LOAD_LOG;
import static io.ghactivity.contracts.Marts.REPO_HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.REPO_NAMES;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL behind every tile, over the marts of {@link io.ghactivity.contracts.Marts} only (never the fact table).
 * Every value is a bound parameter; table names are constants. Each method is one small scan:
 * hourly marts hold hours × types rows, distinct counts are one SUM over {@code distinct_gaps}.
 */
final class MartQueries {
    /** Every table the dashboard reads; until the loader has created them all, the dashboard shows its empty state. */
    static final List<String> REQUIRED = List.of(LOAD_LOG, HOURLY_TOTALS, HOURLY_ACTIVITY, DISTINCT_GAPS,
            REPO_HOURLY_ACTIVITY, REPO_NAMES);
    private static final String IN_RANGE = " event_hour BETWEEN CAST(? AS TIMESTAMP) AND CAST(? AS TIMESTAMP)";
    private static final String HOUR_TEXT = "strftime(event_hour, '%Y-%m-%dT%H')";

    private final Connection c;

    MartQueries(Connection c) {
        this.c = c;
    }

    Connection connection() {
        return c;
    }

    boolean martsExist() throws SQLException {
        String marks = String.join(",", REQUIRED.stream().map(t -> "?").toList());
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT table_name) FROM information_schema.tables"
                + " WHERE table_name IN (" + marks + ")")) {
            for (int i = 0; i < REQUIRED.size(); i++) {
                ps.setString(i + 1, REQUIRED.get(i));
            }
            return single(ps) == REQUIRED.size();
        }
    }

    /** Loaded-hour count, last load time and latest hour: what the page polls to know when to refetch. */
    Api.Status status() throws SQLException {
        long hours;
        String lastLoad;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), CAST(max(loaded_at) AS VARCHAR) FROM " + LOAD_LOG);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            hours = rs.getLong(1);
            lastLoad = rs.getString(2);
        }
        String[] span = hourSpan();
        return new Api.Status(hours + "|" + lastLoad + "|" + span[1], hours, span[1], lastLoad);
    }

    /** {first, latest} hour present in the marts, null when empty. */
    String[] hourSpan() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT strftime(min(event_hour), '%Y-%m-%dT%H'), "
                + HOUR_TEXT.replace("event_hour", "max(event_hour)") + " FROM " + HOURLY_TOTALS);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    long events(Filter f) throws SQLException {
        try (PreparedStatement ps = eventsQuery("SELECT COALESCE(SUM(events), 0) FROM {table} WHERE" + IN_RANGE, "", f)) {
            return single(ps);
        }
    }

    /** Exact distinct actors and repos over the range, by the distinct_gaps identity (see Marts#DISTINCT_GAPS). */
    Map<String, Long> distinctCounts(Filter f) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>(Map.of(ENTITY_ACTOR, 0L, ENTITY_REPO, 0L));
        try (PreparedStatement ps = c.prepareStatement("SELECT entity, COALESCE(SUM(n), 0) FROM " + DISTINCT_GAPS
                + " WHERE entity IN (?, ?) AND event_type = ? AND cur_hour BETWEEN ? AND ? AND prev_hour < ?"
                + " GROUP BY entity")) {
            ps.setString(1, ENTITY_ACTOR);
            ps.setString(2, ENTITY_REPO);
            ps.setString(3, f.gapsType());
            ps.setLong(4, f.fromEpochHour());
            ps.setLong(5, f.toEpochHour());
            ps.setLong(6, f.fromEpochHour());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Events per UTC hour of day, all 24 hours (zeros included). */
    List<Api.HourOfDay> trafficByHour(Filter f) throws SQLException {
        long[] perHour = new long[24];
        try (PreparedStatement ps = eventsQuery("SELECT hour(event_hour), SUM(events) FROM {table} WHERE" + IN_RANGE,
                " GROUP BY 1", f); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                perHour[rs.getInt(1)] = rs.getLong(2);
            }
        }
        List<Api.HourOfDay> out = new ArrayList<>(24);
        for (int h = 0; h < 24; h++) {
            out.add(new Api.HourOfDay(h, perHour[h]));
        }
        return out;
    }

    /** Events per type in the range, most first (ties by name); no type filter here, the service applies it. */
    List<Api.TypeShare> eventTypes(Filter f) throws SQLException {
        List<String> types = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT event_type, SUM(events) AS e FROM " + HOURLY_ACTIVITY
                + " WHERE" + IN_RANGE + " GROUP BY event_type HAVING SUM(events) > 0 ORDER BY e DESC, event_type")) {
            ps.setString(1, f.fromTimestamp());
            ps.setString(2, f.toTimestamp());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                    counts.add(rs.getLong(2));
                    total += rs.getLong(2);
                }
            }
        }
        List<Api.TypeShare> out = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            out.add(new Api.TypeShare(types.get(i), counts.get(i), (double) counts.get(i) / total));
        }
        return out;
    }

    /** Every type name present in the marts (for validating the type filter). */
    List<String> typesPresent() throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT event_type FROM " + HOURLY_ACTIVITY + " ORDER BY 1");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Events per hour that has any, in time order; the service fills the empty hours. */
    Map<String, Long> timeline(Filter f) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = eventsQuery("SELECT " + HOUR_TEXT + ", SUM(events) FROM {table} WHERE" + IN_RANGE,
                " GROUP BY event_hour ORDER BY event_hour", f); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** The sum over hourly_totals (all types) or hourly_activity (one type), with the range and type bound. */
    private PreparedStatement eventsQuery(String selectFromWhere, String tail, Filter f) throws SQLException {
        String table = f.hasType() ? HOURLY_ACTIVITY : HOURLY_TOTALS;
        String typeClause = f.hasType() ? " AND event_type = ?" : "";
        PreparedStatement ps = c.prepareStatement(selectFromWhere.replace("{table}", table) + typeClause + tail);
        ps.setString(1, f.fromTimestamp());
        ps.setString(2, f.toTimestamp());
        if (f.hasType()) {
            ps.setString(3, f.type());
        }
        return ps;
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
