package io.ghactivity.dashboard;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the dashboard gets a warehouse connection for one request; the caller closes it. Standalone, this is a
 * read-only DuckDB file ({@link ReadOnlyWarehouse}); in the one-process demo it is the loader's own database instance
 * (e.g. {@code () -> loaderConnection.duplicate()}), so both share one DuckDB and the dashboard reads MVCC snapshots
 * while the loader writes (DuckDB allows one writing process per file).
 */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;
}
