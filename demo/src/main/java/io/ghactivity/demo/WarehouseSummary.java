package io.ghactivity.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.Marts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/** Reads the demo's results back from the warehouse marts: the numbers the dashboard shows. */
final class WarehouseSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WarehouseSummary() {
    }

    /** Hours present in the load log. */
    static Set<GhArchiveHour> loadedHours(Connection c) throws SQLException {
        Set<GhArchiveHour> hours = new HashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT event_hour FROM " + Marts.LOAD_LOG)) {
            while (rs.next()) {
                Timestamp t = rs.getTimestamp(1);
                hours.add(GhArchiveHour.containing(t.toLocalDateTime().toInstant(ZoneOffset.UTC)));
            }
        }
        return hours;
    }

    static long events(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(events), 0) FROM " + Marts.HOURLY_TOTALS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code {"events":N,"dlq":N,"per_type":{…},"per_hour_of_day":{"0":N,…,"23":N}}}; dlq comes from the replay. */
    static String json(Connection c, long dlq) throws SQLException {
        ObjectNode out = JSON.createObjectNode();
        out.put("events", events(c));
        out.put("dlq", dlq);
        ObjectNode perType = out.putObject("per_type");
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_type, SUM(events) FROM " + Marts.HOURLY_ACTIVITY
                     + " GROUP BY event_type ORDER BY 2 DESC, 1")) {
            while (rs.next()) {
                perType.put(rs.getString(1), rs.getLong(2));
            }
        }
        ObjectNode perHour = out.putObject("per_hour_of_day");
        long[] byHour = new long[24];
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(hour(event_hour) AS INTEGER), SUM(events) FROM " + Marts.HOURLY_TOTALS
                     + " GROUP BY 1")) {
            while (rs.next()) {
                byHour[rs.getInt(1)] = rs.getLong(2);
            }
        }
        for (int h = 0; h < 24; h++) {
            perHour.put(Integer.toString(h), byHour[h]);
        }
        return out.toString();
    }
}
