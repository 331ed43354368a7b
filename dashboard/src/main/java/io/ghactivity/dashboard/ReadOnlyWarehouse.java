package io.ghactivity.dashboard;

import io.ghactivity.contracts.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB warehouse file opened read-only for a standalone dashboard (the loader's writer is another class, in the
 * loader module). One database instance is opened once;
 * every request gets its own {@link DuckDBConnection#duplicate() duplicate} of it, which is cheap and thread-safe.
 */
public final class ReadOnlyWarehouse implements ConnectionSource, AutoCloseable {
    private final DuckDBConnection root;

    private ReadOnlyWarehouse(DuckDBConnection root) {
        this.root = root;
    }

    /** Opens {@code path} read-only; a missing file or a file locked by a writing process is a {@link UserError}. */
    public static ReadOnlyWarehouse open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserError("warehouse " + path + " does not exist: load some hours first (gh-activity load), "
                    + "or run 'gh-activity demo', which serves the dashboard next to the loader");
        }
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        try {
            return new ReadOnlyWarehouse((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath(), props));
        } catch (SQLException e) {
            throw new UserError("cannot open warehouse " + path + " read-only: " + firstLine(e.getMessage())
                    + " (DuckDB allows one writing process per file: stop the loader, or use 'gh-activity demo')", e);
        }
    }

    @Override
    public Connection open() throws SQLException {
        return root.duplicate();
    }

    @Override
    public void close() throws SQLException {
        root.close();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
