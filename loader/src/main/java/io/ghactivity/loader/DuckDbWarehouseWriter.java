package io.ghactivity.loader;

import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * The loader's writer to the embedded DuckDB warehouse (read-write; the dashboard opens files read-only on its own):
 * one database instance per file, opened once per process. DuckDB allows one writing process per file, so the local
 * demo runs the loader and the dashboard in one process: the dashboard's
 * {@code ConnectionSource} is {@code warehouse::connect}; each reader session sees a consistent MVCC snapshot while the
 * loader's transaction is open, and the new hour appears atomically on commit.
 *
 * <p>Usage: {@code try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(path)) { new HourLoader(w, lake, listener).load(h, false); }}
 */
public final class DuckDbWarehouseWriter implements Warehouse {
    private final Path path;
    private final DuckDBConnection root;
    private final Dialect dialect = new DuckDbDialect();

    private DuckDbWarehouseWriter(Path path, DuckDBConnection root) {
        this.path = path;
        this.root = root;
    }

    /** Opens (creating if needed) the database file and its schema. */
    public static DuckDbWarehouseWriter open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                // An hour's load writes ~10-20 MB of WAL; at DuckDB's default 16 MB threshold nearly every commit
                // would also checkpoint. Checkpointing every ~16 hours instead merges their row-group rewrites.
                st.execute("SET checkpoint_threshold = '" + System.getProperty("gh.duckdb.checkpoint", "256MB") + "'");
                // DuckDB's buffer cache defaults to 80 % of RAM (a full-scale June load peaked at 11.8 GB RSS); a
                // user on a small machine caps it with GH_ACTIVITY_JAVA_OPTS=-Dgh.duckdb.memory_limit=4GB.
                String memoryLimit = System.getProperty("gh.duckdb.memory_limit");
                if (memoryLimit != null && !memoryLimit.isBlank()) {
                    st.execute("SET memory_limit = '" + memoryLimit.replace("'", "") + "'");
                }
            }
            DuckDbWarehouseWriter w = new DuckDbWarehouseWriter(path, c);
            w.ensureSchema();
            return w;
        } catch (SQLException | java.io.IOException e) {
            throw new UserError("cannot open the DuckDB warehouse " + path + ": " + firstLine(e.getMessage())
                    + " (DuckDB allows one writing process per file: is another loader or a standalone dashboard using it?)", e);
        }
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Connection connect() throws SQLException {
        Connection c = root.duplicate();
        try (Statement st = c.createStatement()) {
            // created_at arrives as TIMESTAMPTZ (Parquet TIMESTAMP_MICROS, UTC-adjusted); the warehouse stores UTC.
            st.execute("SET TimeZone = 'UTC'");
        }
        return c;
    }

    @Override
    public void stage(Connection c, HourManifest manifest, Lake lake) throws Exception {
        String cols = WarehouseSchema.FACT_COLUMNS.stream()
                .map(col -> WarehouseSchema.quote(col.name()) + " " + dialect.type(col.kind()))
                .collect(Collectors.joining(", "));
        try (Statement st = c.createStatement(); Lake.HourFiles files = lake.localFiles(manifest)) {
            st.execute(dialect.createTemp(HourSql.STAGE, cols));
            if (files.paths().isEmpty()) {
                return;
            }
            String list = files.paths().stream().map(p -> "'" + p.toString().replace("'", "''") + "'")
                    .collect(Collectors.joining(", ", "[", "]"));
            // Exactly the listed files; only the fact columns are read (the raw payload stays in the lake).
            st.execute("INSERT INTO " + HourSql.STAGE + " SELECT " + WarehouseSchema.factColumnList()
                    + " FROM read_parquet(" + list + ")");
        }
    }

    @Override
    public String describe() {
        return "duckdb:" + path;
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing " + path, e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
