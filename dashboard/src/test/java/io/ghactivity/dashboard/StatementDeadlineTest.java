package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/** The request deadline interrupts a real running DuckDB query, and the database instance stays usable after it. */
class StatementDeadlineTest {
    /** Minutes of work on any machine: far longer than the deadline, so only the interrupt can end it in time. */
    static final String ENDLESS = "SELECT sum(hash(a.range + b.range)) FROM range(1000000000) a, range(1000) b";

    @Test
    void aRunningQueryIsInterruptedWhenTheTimeIsUp() throws Exception {
        try (DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            try (StatementDeadline deadline = StatementDeadline.start(Duration.ofMillis(500));
                 Connection c = deadline.watch(root.duplicate()); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery(ENDLESS)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("INTERRUPT");
                assertThat(deadline.expired()).isTrue();
                assertThatThrownBy(c::createStatement).isInstanceOf(java.sql.SQLTimeoutException.class);
            }
            try (Connection c = root.duplicate(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void noDeadlineNeverExpires() throws Exception {
        try (DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
             StatementDeadline deadline = StatementDeadline.start(null); Connection c = deadline.watch(root.duplicate());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM range(1000)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1000);
            assertThat(deadline.expired()).isFalse();
        }
    }
}
