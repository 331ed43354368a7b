package io.ghactivity.loader;

import io.ghactivity.contracts.Marts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every mart and the fact table as sorted text rows, engine-neutral, so two warehouses can be compared exactly. */
final class Snapshot {
    static final List<String> TABLES = List.of(Marts.FACT_EVENTS, Marts.HOURLY_ACTIVITY, Marts.HOURLY_TOTALS,
            Marts.DAILY_ACTIVITY, Marts.DAILY_TOTALS, Marts.DISTINCT_GAPS, Marts.REPO_DAILY_ACTIVITY,
            Marts.REPO_HOURLY_ACTIVITY, Marts.REPO_NAMES, WarehouseSchema.ENTITY_HOURS, WarehouseSchema.ENTITY_LATEST);

    private Snapshot() {
    }

    static Map<String, List<String>> of(Connection c) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String t : TABLES) {
            out.put(t, rows(c, "SELECT * FROM " + t));
        }
        return out;
    }

    /** Asserts equality table by table, so a failure names the table and only its differing rows. */
    static void assertSame(Connection actual, Connection expected) throws SQLException {
        Map<String, List<String>> a = of(actual);
        Map<String, List<String>> e = of(expected);
        for (String t : TABLES) {
            org.assertj.core.api.Assertions.assertThat(a.get(t)).as(t).containsExactlyInAnyOrderElementsOf(e.get(t));
        }
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object o = rs.getObject(i);
                    if (o instanceof Timestamp ts) {
                        o = ts.toLocalDateTime();
                    } else if (o instanceof java.sql.Date d) {
                        o = d.toLocalDate();
                    } else if (o instanceof Number n && !(o instanceof Double)) {
                        o = n.longValue();
                    }
                    b.append(o).append('|');
                }
                rows.add(b.toString());
            }
        }
        rows.sort(null);
        return rows;
    }
}
