package io.ghactivity.loader;

import io.ghactivity.contracts.cli.UserError;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Warehouse and S3 options shared by {@code load} and {@code check} (a picocli mixin). */
public final class ConnectionOptions {
    /** The signing region when neither {@code --s3-region} nor the environment names one. */
    static final String FALLBACK_REGION = "us-east-1";

    @Option(names = "--warehouse", required = true, paramLabel = "duckdb:PATH|redshift:JDBC_URL",
            description = "Warehouse: duckdb:PATH (embedded, created on first use) or redshift:jdbc:redshift://HOST:5439/DB"
                    + " (jdbc:redshift:iam://… for IAM authentication).")
    String warehouse;

    @Option(names = "--iam-role", paramLabel = "ARN|default",
            description = "Redshift load: the IAM role COPY assumes to read the lake, or 'default' for the namespace's default role.")
    String iamRole;

    @Option(names = "--redshift-user", paramLabel = "USER", description = "Redshift: database user (not needed with jdbc:redshift:iam://).")
    String redshiftUser;

    @Option(names = "--redshift-password-env", paramLabel = "VAR", defaultValue = "REDSHIFT_PASSWORD",
            description = "Redshift: environment variable holding the password (default: ${DEFAULT-VALUE}).")
    String redshiftPasswordEnv;

    @Option(names = "--s3-staging", paramLabel = "s3://BUCKET/PREFIX", description = "Redshift load: where COPY manifests are written.")
    String s3Staging;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3 endpoint override (e.g. a local S3 server).")
    String s3Endpoint;

    @Option(names = "--s3-path-style", description = "Use path-style S3 addressing (most local S3 servers need it).")
    boolean s3PathStyle;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "S3 region (default: env AWS_REGION, then AWS_DEFAULT_REGION, then " + FALLBACK_REGION + ").")
    String s3Region;

    public S3Options s3() {
        return new S3Options(s3Endpoint, s3PathStyle, region(s3Region, System.getenv()));
    }

    /**
     * The flag wins, then {@code AWS_REGION} (what ECS, Lambda and the AWS SDKs set), then {@code AWS_DEFAULT_REGION}
     * (the AWS CLI's name): a task in eu-west-1 must not sign its S3 requests for us-east-1.
     */
    static String region(String flag, Map<String, String> env) {
        for (String candidate : new String[] {flag, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return FALLBACK_REGION;
    }

    /** The DuckDB file {@code --warehouse duckdb:PATH} names; empty for other warehouses. */
    Optional<Path> duckDbPath() {
        return warehouse.startsWith("duckdb:") ? Optional.of(Path.of(warehouse.substring("duckdb:".length())).toAbsolutePath())
                : Optional.empty();
    }

    /** Opens the warehouse named by {@code --warehouse} for loading (Redshift: COPY flags required), creating its schema if needed. */
    public Warehouse openWarehouse() throws Exception {
        return open(true);
    }

    /**
     * Opens the warehouse for reading and recording checks only: no staging, so a Redshift {@code check} needs neither
     * {@code --iam-role} nor {@code --s3-staging}.
     */
    public Warehouse openWarehouseWithoutStaging() throws Exception {
        return open(false);
    }

    private Warehouse open(boolean staging) throws Exception {
        if (warehouse.startsWith("duckdb:")) {
            return DuckDbWarehouseWriter.open(Path.of(warehouse.substring("duckdb:".length())));
        }
        if (warehouse.startsWith("redshift:")) {
            String url = warehouse.substring("redshift:".length());
            if (!url.startsWith("jdbc:")) {
                throw new UserError("--warehouse redshift:JDBC_URL needs a JDBC URL, e.g. redshift:jdbc:redshift://host:5439/dev");
            }
            // Checked before connecting: a load with a missing flag must fail in a second, not after the connection.
            JdbcWarehouse.Stager stager = staging ? new RedshiftStager(iamRole, s3Staging, s3()) : JdbcWarehouse.Stager.NONE;
            String password = redshiftPasswordEnv == null ? null : System.getenv(redshiftPasswordEnv);
            JdbcWarehouse w = new JdbcWarehouse(url, redshiftUser, password, RedshiftDialect.redshift(), stager);
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
