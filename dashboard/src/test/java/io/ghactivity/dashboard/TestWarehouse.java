package io.ghactivity.dashboard;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.Marts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.TreeSet;
import org.duckdb.DuckDBConnection;

/**
 * A small DuckDB warehouse whose marts follow the {@link Marts} contract, built in the test from real events (the
 * loader builds the same tables in production). Input events live in {@code fixture_input}, a table the dashboard
 * never reads; each {@link #load} recomputes every mart from it in one transaction and logs the hours in load_log,
 * as a loader would.
 */
final class TestWarehouse implements ConnectionSource, AutoCloseable {
    private final DuckDBConnection root;

    private TestWarehouse(DuckDBConnection root) {
        this.root = root;
    }

    /** An in-memory warehouse (or a file, for the browser test) holding no tables at all: the "before any load" state. */
    static TestWarehouse open(String jdbcUrl) throws SQLException {
        return new TestWarehouse((DuckDBConnection) DriverManager.getConnection(jdbcUrl));
    }

    static TestWarehouse inMemory() throws SQLException {
        return open("jdbc:duckdb:");
    }

    @Override
    public Connection open() throws SQLException {
        return root.duplicate();
    }

    /** Creates the marts with no rows: the loader has started but not loaded an hour. */
    TestWarehouse createEmptyMarts() throws SQLException {
        try (Statement s = root.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS fixture_input(id BIGINT, type VARCHAR, created_at TIMESTAMP,"
                    + " actor_id BIGINT, repo_id BIGINT, repo_name VARCHAR)");
            s.execute("CREATE TABLE IF NOT EXISTS " + Marts.LOAD_LOG + "(event_hour TIMESTAMP, manifest VARCHAR,"
                    + " revision INTEGER, rows_loaded BIGINT, checksum VARCHAR, loaded_at TIMESTAMP, seconds DOUBLE)");
        }
        rebuildMarts();
        return this;
    }

    /** Loads events as hours: appends them, recomputes the marts and logs every hour they touch. */
    TestWarehouse load(Collection<SampleEvent> events) throws SQLException {
        createEmptyMarts();
        root.setAutoCommit(false);
        try (PreparedStatement ps = root.prepareStatement("INSERT INTO fixture_input VALUES (?, ?, CAST(? AS TIMESTAMP), ?, ?, ?)")) {
            TreeSet<GhArchiveHour> hours = new TreeSet<>();
            for (SampleEvent e : events) {
                ps.setLong(1, e.id());
                ps.setString(2, e.type());
                ps.setString(3, LocalDateTime.ofInstant(e.createdAt(), ZoneOffset.UTC).toString().replace('T', ' '));
                ps.setLong(4, e.actorId());
                ps.setLong(5, e.repoId());
                ps.setString(6, e.repoName());
                ps.addBatch();
                hours.add(e.hour());
            }
            ps.executeBatch();
            rebuildMarts();
            logHours(hours);
            root.commit();
        } catch (SQLException e) {
            root.rollback();
            throw e;
        } finally {
            root.setAutoCommit(true);
        }
        return this;
    }

    private void logHours(Collection<GhArchiveHour> hours) throws SQLException {
        try (PreparedStatement ps = root.prepareStatement("INSERT INTO " + Marts.LOAD_LOG
                + " SELECT CAST(? AS TIMESTAMP), ?, 1, count(*), 'test', now()::TIMESTAMP, 0.1 FROM fixture_input"
                + " WHERE date_trunc('hour', created_at) = CAST(? AS TIMESTAMP)")) {
            for (GhArchiveHour h : hours) {
                String ts = h.dt() + " " + h.hr() + ":00:00";
                ps.setString(1, ts);
                ps.setString(2, "_manifests/events/dt=" + h.dt() + "/hr=" + h.hr() + ".json");
                ps.setString(3, ts);
                ps.executeUpdate();
            }
        }
    }

    private void rebuildMarts() throws SQLException {
        String h = "date_trunc('hour', created_at)";
        String eh = "CAST(epoch(" + h + ") // 3600 AS INTEGER)";
        try (Statement s = root.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE " + Marts.HOURLY_ACTIVITY + " AS SELECT " + h + " AS event_hour,"
                    + " type AS event_type, count(*) AS events, count(DISTINCT actor_id) AS actors,"
                    + " count(DISTINCT repo_id) AS repos FROM fixture_input GROUP BY ALL");
            s.execute("CREATE OR REPLACE TABLE " + Marts.HOURLY_TOTALS + " AS SELECT " + h + " AS event_hour,"
                    + " count(*) AS events, count(DISTINCT actor_id) AS actors, count(DISTINCT repo_id) AS repos"
                    + " FROM fixture_input GROUP BY ALL");
            // distinct_gaps exactly as the Marts Javadoc defines it: per entity and type filter ('*' = all types),
            // consecutive active epoch hours (prev_hour = -1 for the first), counted.
            s.execute("CREATE OR REPLACE TABLE " + Marts.DISTINCT_GAPS + " AS"
                    + " WITH active AS ("
                    + "   SELECT DISTINCT 'actor' AS entity, type AS event_type, actor_id AS id, " + eh + " AS cur_hour FROM fixture_input"
                    + "   UNION SELECT DISTINCT 'actor', '*', actor_id, " + eh + " FROM fixture_input"
                    + "   UNION SELECT DISTINCT 'repo', type, repo_id, " + eh + " FROM fixture_input"
                    + "   UNION SELECT DISTINCT 'repo', '*', repo_id, " + eh + " FROM fixture_input),"
                    + " gaps AS (SELECT entity, event_type, CAST(lag(cur_hour, 1, -1) OVER (PARTITION BY entity, event_type, id"
                    + "   ORDER BY cur_hour) AS INTEGER) AS prev_hour, cur_hour FROM active)"
                    + " SELECT entity, event_type, prev_hour, cur_hour, count(*) AS n FROM gaps GROUP BY ALL");
            s.execute("CREATE OR REPLACE TABLE " + Marts.REPO_HOURLY_ACTIVITY + " AS SELECT " + h + " AS event_hour,"
                    + " type AS event_type, repo_id, count(*) AS events FROM fixture_input GROUP BY ALL ORDER BY 1");
            s.execute("CREATE OR REPLACE TABLE " + Marts.REPO_NAMES + " AS SELECT repo_id,"
                    + " arg_max(repo_name, created_at) AS repo_name, max(created_at) AS seen_at FROM fixture_input GROUP BY repo_id");
        }
    }

    @Override
    public void close() throws SQLException {
        root.close();
    }
}
