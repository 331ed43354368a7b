package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redshift statements as text: what PostgreSQL cannot check (COPY, dist/sort keys, SUPER staging). */
class RedshiftSqlTest {
    private final RedshiftDialect redshift = RedshiftDialect.redshift();

    @Test
    void factTableHasTypedColumnsNoPayloadAndKeysForTheRepoMarts() {
        assertThat(WarehouseSchema.ddl(redshift).get(0)).isEqualTo("CREATE TABLE IF NOT EXISTS github_events ("
                + "id BIGINT, type VARCHAR(512), created_at TIMESTAMP, actor_id BIGINT, actor_login VARCHAR(512), "
                + "repo_id BIGINT, repo_name VARCHAR(512), org_id BIGINT, org_login VARCHAR(512), \"public\" BOOLEAN, "
                + "action VARCHAR(512), ref_type VARCHAR(512), push_size INTEGER, push_distinct_size INTEGER, "
                + "pr_number INTEGER, pr_merged BOOLEAN, event_hour TIMESTAMP NOT NULL)"
                + " DISTKEY(repo_id) SORTKEY(event_hour)");
    }

    @Test
    void textColumnsHoldEveryValueTheValidatorLetsIntoTheLake() {
        // The validator's bounds (UTF-8 bytes) against the DDL's widths (bytes in Redshift): a type or name the lake
        // can hold must never fail COPY or the fact insert with "value too long".
        assertThat(EventValidator.MAX_TYPE_BYTES).isLessThanOrEqualTo(EventValidator.MAX_NAME_BYTES);
        assertThat(redshift.text()).isEqualTo("VARCHAR(" + EventValidator.MAX_NAME_BYTES + ")");
        assertThat(WarehouseSchema.stagingColumns(redshift)).contains("type VARCHAR(512)", "actor_login VARCHAR(512)",
                "repo_name VARCHAR(512)", "org_login VARCHAR(512)", "action VARCHAR(512)", "ref_type VARCHAR(512)");
    }

    @Test
    void martsAreSortedForTheDashboardsRangeScans() {
        List<String> ddl = WarehouseSchema.ddl(redshift);
        assertThat(ddl).contains("CREATE TABLE IF NOT EXISTS distinct_gaps (entity VARCHAR(512), event_type VARCHAR(512),"
                + " prev_hour INTEGER, cur_hour INTEGER, n BIGINT) DISTSTYLE EVEN SORTKEY(entity, event_type, cur_hour)");
        assertThat(ddl).contains("CREATE TABLE IF NOT EXISTS hourly_totals (event_hour TIMESTAMP NOT NULL, events BIGINT,"
                + " actors BIGINT, repos BIGINT) DISTSTYLE ALL SORTKEY(event_hour)");
        assertThat(ddl).contains("CREATE TABLE IF NOT EXISTS repo_hourly_activity (event_hour TIMESTAMP NOT NULL,"
                + " event_type VARCHAR(512), repo_id BIGINT, events BIGINT) DISTKEY(repo_id) SORTKEY(event_hour)");
        assertThat(WarehouseSchema.ddl(RedshiftDialect.postgresCompatible())).noneMatch(s -> s.contains("KEY") || s.contains("DISTSTYLE"));
    }

    @Test
    void stagingTakesEveryLakeColumnInOrderWithThePayloadAsSuper() {
        assertThat(redshift.createTemp(HourSql.STAGE, WarehouseSchema.stagingColumns(redshift))).isEqualTo(
                "CREATE TEMP TABLE stage_events (id BIGINT, type VARCHAR(512), created_at TIMESTAMP, actor_id BIGINT,"
                        + " actor_login VARCHAR(512), repo_id BIGINT, repo_name VARCHAR(512), org_id BIGINT,"
                        + " org_login VARCHAR(512), \"public\" BOOLEAN, action VARCHAR(512), ref_type VARCHAR(512),"
                        + " push_size INTEGER, push_distinct_size INTEGER, pr_number INTEGER, pr_merged BOOLEAN, payload SUPER)");
    }

    @Test
    void copyReadsExactlyTheManifestFilesThroughACopyManifest() {
        LakeLayout lake = new LakeLayout("s3a://gh-lake/prod");
        GhArchiveHour hour = GhArchiveHour.parse("2022-06-05T07");
        HourManifest m = new HourManifest(1, "2022-06-05T07", 2, List.of(
                new HourManifest.DataFile("s3a://gh-lake/prod/events/dt=2022-06-05/hr=07/part-0.parquet", 1234, 10),
                new HourManifest.DataFile("events/dt=2022-06-05/hr=07/part-1.parquet", 99, 1)),
                11, "2022-06-05T07:00:00Z", "2022-06-05T07:59:59Z", "2022-06-05T09:00:00Z", "run", "2022-06-05T09:01:00Z");
        assertThat(RedshiftCopy.copyManifest(lake, m)).isEqualTo("{\"entries\":["
                + "{\"url\":\"s3://gh-lake/prod/events/dt=2022-06-05/hr=07/part-0.parquet\",\"mandatory\":true,\"meta\":{\"content_length\":1234}},"
                + "{\"url\":\"s3://gh-lake/prod/events/dt=2022-06-05/hr=07/part-1.parquet\",\"mandatory\":true,\"meta\":{\"content_length\":99}}]}");
        String url = RedshiftCopy.copyManifestUrl("s3://gh-staging/loader/", hour, 2);
        assertThat(url).isEqualTo("s3://gh-staging/loader/copy-manifests/dt=2022-06-05/hr=07/rev-2.manifest");
        assertThat(RedshiftCopy.copyStatement(url, "arn:aws:iam::123456789012:role/gh-loader")).isEqualTo(
                "COPY stage_events FROM 's3://gh-staging/loader/copy-manifests/dt=2022-06-05/hr=07/rev-2.manifest'"
                        + " IAM_ROLE 'arn:aws:iam::123456789012:role/gh-loader' FORMAT AS PARQUET SERIALIZETOJSON MANIFEST");
        // The namespace's default role is a keyword, not a quoted ARN.
        assertThat(RedshiftCopy.copyStatement(url, "default")).isEqualTo(
                "COPY stage_events FROM 's3://gh-staging/loader/copy-manifests/dt=2022-06-05/hr=07/rev-2.manifest'"
                        + " IAM_ROLE default FORMAT AS PARQUET SERIALIZETOJSON MANIFEST");
    }

    @Test
    void theHourIsReplacedByDeleteThenInsertWithLiteralHourBounds() {
        List<String> sql = new HourSql(GhArchiveHour.parse("2022-06-05T07")).replaceHour(false);
        assertThat(sql.get(0)).isEqualTo("DELETE FROM github_events WHERE event_hour = TIMESTAMP '2022-06-05 07:00:00'");
        assertThat(sql.get(1)).startsWith("INSERT INTO github_events (id, type, created_at,")
                .endsWith(", event_hour) SELECT id, type, created_at, actor_id, actor_login, repo_id, repo_name, org_id,"
                        + " org_login, \"public\", action, ref_type, push_size, push_distinct_size, pr_number, pr_merged,"
                        + " TIMESTAMP '2022-06-05 07:00:00' FROM stage_events");
        assertThat(sql).contains("DELETE FROM entity_hours WHERE hour = 459559");
        assertThat(sql).anyMatch(s -> s.startsWith("INSERT INTO daily_totals") && s.contains("cur_hour BETWEEN 459552 AND 459575 AND prev_hour < 459552"));
        assertThat(String.join("\n", sql)).doesNotContain(":TS").doesNotContain(":H").doesNotContain(":D");
    }

    @Test
    void inOrderLoadsFindEachEntitysPreviousHourInEntityLatestNotInItsHistory() {
        String appendOnly = new HourSql(GhArchiveHour.parse("2022-06-05T07")).replaceHour(true).stream()
                .filter(s -> s.startsWith("CREATE TEMP TABLE affected")).findFirst().orElseThrow();
        assertThat(appendOnly).isEqualTo("CREATE TEMP TABLE affected AS SELECT c.entity, c.event_type, c.id, c.added,"
                + " COALESCE(l.last_hour, -1) AS prev_hour, CAST(NULL AS INTEGER) AS next_hour FROM changed_presence c"
                + " LEFT JOIN entity_latest l ON l.entity = c.entity AND l.event_type = c.event_type AND l.id = c.id");
    }
}
