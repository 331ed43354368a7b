package io.ghactivity.loader;

import io.ghactivity.contracts.HourManifest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A server warehouse reached over JDBC: Redshift in the cloud (redshift-jdbc42), or a PostgreSQL server running the
 * same Redshift-shaped SQL in tests. How rows reach the staging table is a {@link Stager}: COPY from S3 on Redshift.
 */
public final class JdbcWarehouse implements Warehouse {

    /** Fills {@link HourSql#STAGE} (already created) with the manifest's rows. */
    @FunctionalInterface
    public interface Stager {
        /** For sessions that only read and record checks ({@code gh-activity check}): staging is a programming error. */
        Stager NONE = (c, manifest, lake) -> {
            throw new IllegalStateException("this warehouse was opened without staging (check only), it cannot load");
        };

        void stage(Connection c, HourManifest manifest, Lake lake) throws Exception;
    }

    private final String url;
    private final Properties props;
    private final Dialect dialect;
    private final Stager stager;

    public JdbcWarehouse(String url, String user, String password, Dialect dialect, Stager stager) {
        this.url = url;
        this.props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        this.dialect = dialect;
        this.stager = stager;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, props);
    }

    @Override
    public void stage(Connection c, HourManifest manifest, Lake lake) throws Exception {
        try (var st = c.createStatement()) {
            st.execute(dialect.createTemp(HourSql.STAGE, WarehouseSchema.stagingColumns(dialect)));
        }
        stager.stage(c, manifest, lake);
    }

    @Override
    public String describe() {
        return url.replaceAll("(?i)(password|secretaccesskey|sessiontoken)=[^&;]*", "$1=***");
    }

    @Override
    public void close() {
        // connections are per load; nothing shared to close
    }
}
