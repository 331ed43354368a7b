package io.ghactivity.loader;

import io.ghactivity.contracts.HourManifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A warehouse the loader writes: sessions, the SQL dialect, and how an hour's rows get into the session's staging
 * table. Open it once and share it: {@link DuckDbWarehouseWriter} holds the one DuckDB instance of a file, so the
 * loader and the dashboard in the same process read and write the same database.
 */
public interface Warehouse extends AutoCloseable {

    Dialect dialect();

    /** A new session (caller closes it). For DuckDB a cheap duplicate of the shared instance. */
    Connection connect() throws SQLException;

    /**
     * Creates {@link HourSql#STAGE} in this session and fills it with exactly the rows of the files the manifest
     * lists. Runs inside the load transaction.
     */
    void stage(Connection c, HourManifest manifest, Lake lake) throws Exception;

    /** Where the warehouse is, for messages. */
    String describe();

    /** Creates every table that does not exist yet (idempotent). */
    default void ensureSchema() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String ddl : WarehouseSchema.ddl(dialect())) {
                st.execute(ddl);
            }
        }
    }

    @Override
    void close();
}
