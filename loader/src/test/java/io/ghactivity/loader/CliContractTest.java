package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the CLI contract the Airflow DAG relies on that need no warehouse. */
class CliContractTest {

    @Test
    void resultLineIsTheAgreedJson() {
        assertThat(LoadResult.ok("2022-06-05T07", 134000, 2, 1.2345, LoadResult.Status.LOADED).toJson())
                .isEqualTo("{\"hour\":\"2022-06-05T07\",\"rows\":134000,\"revision\":2,\"seconds\":1.235,\"status\":\"loaded\"}");
        assertThat(LoadResult.failed("2022-06-05T07", new LoadFailure("no manifest for \"x\"\n", LoadFailure.NO_MANIFEST)).toJson())
                .isEqualTo("{\"hour\":\"2022-06-05T07\",\"rows\":0,\"revision\":0,\"seconds\":0.000,\"status\":\"failed\","
                        + "\"error\":\"no manifest for \\\"x\\\"\\n\"}");
    }

    @Test
    void exitCodesAreTheContracts() {
        assertThat(LoadFailure.QUALITY_CHECK_FAILED).isEqualTo(3);
        assertThat(LoadFailure.NO_MANIFEST).isEqualTo(4);
        assertThat(LoadFailure.of("x").exitCode()).isEqualTo(1);
    }

    @Test
    void modesAreExclusiveAndOneIsRequired() {
        StringWriter err = new StringWriter();
        var cl = Cli.commandLine(new LoadCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--lake", "/tmp/x", "--warehouse", "duckdb:/tmp/x.duckdb")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--hour").contains("--pending").contains("--watch");
        assertThat(cl.execute("--lake", "/tmp/x", "--warehouse", "duckdb:/tmp/x.duckdb", "--hour", "2022-06-05T07",
                "--pending")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cl.execute("--lake", "/tmp/x", "--warehouse", "duckdb:/tmp/x.duckdb", "--hour", "2022-06-05T7"))
                .isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void anUnknownWarehouseSchemeIsAClearUserError() {
        ConnectionOptions o = new ConnectionOptions();
        o.warehouse = "sqlite:/tmp/x";
        assertThatThrownBy(o::openWarehouse).isInstanceOf(UserError.class).hasMessageContaining("duckdb:PATH nor redshift:JDBC_URL");
        o.warehouse = "redshift:host:5439/dev";
        assertThatThrownBy(o::openWarehouse).isInstanceOf(UserError.class).hasMessageContaining("needs a JDBC URL");
    }

    @Test
    void aRedshiftLoadWithoutCopyFlagsFailsBeforeConnectingAndNamesTheFlag() {
        ConnectionOptions o = new ConnectionOptions();
        o.warehouse = "redshift:jdbc:redshift://127.0.0.1:1/dev";
        assertThatThrownBy(o::openWarehouse).isInstanceOf(UserError.class).hasMessageContaining("--iam-role ARN|default");
        o.iamRole = "default";
        assertThatThrownBy(o::openWarehouse).isInstanceOf(UserError.class).hasMessageContaining("--s3-staging")
                .hasMessageContaining("_staging/loader");
        // check needs neither flag: it gets as far as connecting (port 1 refuses).
        ConnectionOptions check = new ConnectionOptions();
        check.warehouse = "redshift:jdbc:redshift://127.0.0.1:1/dev";
        assertThatThrownBy(check::openWarehouseWithoutStaging).isInstanceOf(UserError.class)
                .hasMessageContaining("cannot reach the Redshift warehouse");
    }

    @Test
    void theS3RegionIsTheFlagThenAwsRegionThenAwsDefaultRegion() {
        assertThat(ConnectionOptions.region("ap-south-1", Map.of("AWS_REGION", "eu-west-1"))).isEqualTo("ap-south-1");
        assertThat(ConnectionOptions.region(null, Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-west-2")))
                .isEqualTo("eu-west-1");
        assertThat(ConnectionOptions.region(null, Map.of("AWS_REGION", " ", "AWS_DEFAULT_REGION", "us-west-2")))
                .isEqualTo("us-west-2");
        assertThat(ConnectionOptions.region(null, Map.of())).isEqualTo("us-east-1");
    }

    @Test
    void manifestPathsMapBackToTheirHour() {
        assertThat(ManifestPaths.hourOf("dt=2022-06-05/hr=07.json")).contains(GhArchiveHour.parse("2022-06-05T07"));
        assertThat(ManifestPaths.hourOf("dt=2022-06-05/hr=7.json")).isEmpty();
        assertThat(ManifestPaths.hourOf("dt=2022-06-05/hr=07.json.tmp")).isEmpty();
    }
}
