package io.ghactivity.testsupport.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedshiftSqlTest {
    @Test
    void theLoadersParquetManifestCopyIsRecognisedWithItsRoleAndManifest() {
        var copy = RedshiftSql.copy("COPY stage_events FROM 's3://lake/_staging/loader/copy-manifests/dt=2015-01-01/hr=12/rev-1.manifest'"
                + " IAM_ROLE 'arn:aws:iam::123456789012:role/gh-copy' FORMAT AS PARQUET SERIALIZETOJSON MANIFEST").orElseThrow();
        assertThat(copy.table()).isEqualTo("stage_events");
        assertThat(copy.manifestUrl()).isEqualTo("s3://lake/_staging/loader/copy-manifests/dt=2015-01-01/hr=12/rev-1.manifest");
        assertThat(copy.iamRole()).isEqualTo("arn:aws:iam::123456789012:role/gh-copy");
        assertThat(copy.serializeToJson()).isTrue();
        assertThat(RedshiftSql.copy("COPY stage_events FROM 's3://b/m' IAM_ROLE default FORMAT AS PARQUET MANIFEST").orElseThrow()
                .iamRole()).isEqualTo("default");
    }

    @Test
    void aCopyWithoutIamRoleOrManifestIsNotRecognisedAndMustFail() {
        String noRole = "COPY stage_events FROM 's3://b/m' FORMAT AS PARQUET MANIFEST";
        assertThat(RedshiftSql.copy(noRole)).isEmpty();
        assertThat(RedshiftSql.isOtherCopy(noRole)).isTrue();
        assertThat(RedshiftSql.isOtherCopy("COPY stage_events FROM 's3://b/m' IAM_ROLE default FORMAT AS PARQUET")).isTrue();
        assertThat(RedshiftSql.isOtherCopy("SELECT 1")).isFalse();
    }

    @Test
    void createTableLosesOnlyLayoutClausesAndSuper() {
        assertThat(RedshiftSql.withoutRedshiftLayout(
                "CREATE TABLE IF NOT EXISTS fact_events (id BIGINT, repo_id BIGINT) DISTKEY(repo_id) SORTKEY(event_hour)"))
                .isEqualTo("CREATE TABLE IF NOT EXISTS fact_events (id BIGINT, repo_id BIGINT)");
        assertThat(RedshiftSql.withoutRedshiftLayout("CREATE TABLE t (a INT) DISTSTYLE ALL SORTKEY(entity, event_type, id)"))
                .isEqualTo("CREATE TABLE t (a INT)");
        assertThat(RedshiftSql.withoutRedshiftLayout("CREATE TEMP TABLE stage_events (id BIGINT, payload SUPER)"))
                .isEqualTo("CREATE TEMP TABLE stage_events (id BIGINT, payload TEXT)");
        assertThat(RedshiftSql.withoutRedshiftLayout("SELECT 'SUPER' FROM t")).isEqualTo("SELECT 'SUPER' FROM t");
    }

    @Test
    void aFailingStatementCarriesTheMessageQuoted() {
        assertThat(RedshiftSql.failing("it's missing")).contains("'Redshift stand-in: it''s missing'").startsWith("DO $rehearsal$");
    }
}
