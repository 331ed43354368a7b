package io.ghactivity.loader;

import io.ghactivity.contracts.cli.UserError;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Warehouse and S3 options shared by {@code load} and {@code check} (a picocli mixin). */
public final class ConnectionOptions {
    @Option(names = "--warehouse", required = true, paramLabel = "duckdb:PATH|redshift:JDBC_URL",
            description = "Warehouse: duckdb:PATH (embedded, created on first use) or redshift:jdbc:redshift://HOST:5439/DB.")
    String warehouse;

    @Option(names = "--iam-role", paramLabel = "ARN", description = "Redshift: IAM role COPY assumes to read the lake.")
    String iamRole;

    @Option(names = "--redshift-user", paramLabel = "USER", description = "Redshift: database user.")
    String redshiftUser;

    @Option(names = "--redshift-password-env", paramLabel = "VAR", defaultValue = "REDSHIFT_PASSWORD",
            description = "Redshift: environment variable holding the password (default: ${DEFAULT-VALUE}).")
    String redshiftPasswordEnv;

    @Option(names = "--s3-staging", paramLabel = "s3://BUCKET/PREFIX", description = "Redshift: where COPY manifests are written.")
    String s3Staging;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3 endpoint override (e.g. a local S3 server).")
    String s3Endpoint;

    @Option(names = "--s3-path-style", description = "Use path-style S3 addressing (most local S3 servers need it).")
    boolean s3PathStyle;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "us-east-1", description = "S3 region (default: ${DEFAULT-VALUE}).")
    String s3Region;

    public S3Options s3() {
        return new S3Options(s3Endpoint, s3PathStyle, s3Region);
    }

    /** The DuckDB file {@code --warehouse duckdb:PATH} names; empty for other warehouses. */
    Optional<Path> duckDbPath() {
        return warehouse.startsWith("duckdb:") ? Optional.of(Path.of(warehouse.substring("duckdb:".length())).toAbsolutePath())
                : Optional.empty();
    }

    /** Opens the warehouse named by {@code --warehouse}, creating its schema if needed. */
    public Warehouse openWarehouse() throws Exception {
        if (warehouse.startsWith("duckdb:")) {
            return DuckDbWarehouseWriter.open(Path.of(warehouse.substring("duckdb:".length())));
        }
        if (warehouse.startsWith("redshift:")) {
            String url = warehouse.substring("redshift:".length());
            if (!url.startsWith("jdbc:")) {
                throw new UserError("--warehouse redshift:JDBC_URL needs a JDBC URL, e.g. redshift:jdbc:redshift://host:5439/dev");
            }
            String password = redshiftPasswordEnv == null ? null : System.getenv(redshiftPasswordEnv);
            JdbcWarehouse w = new JdbcWarehouse(url, redshiftUser, password, RedshiftDialect.redshift(),
                    new RedshiftStager(iamRole, s3Staging, s3()));
            try {
                w.ensureSchema();
            } catch (java.sql.SQLException e) {
                throw new UserError("cannot reach the Redshift warehouse " + w.describe() + ": " + e.getMessage(), e);
            }
            return w;
        }
        throw new UserError("--warehouse '" + warehouse + "' is neither duckdb:PATH nor redshift:JDBC_URL");
    }
}
