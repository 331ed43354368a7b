package io.ghactivity.testsupport.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.testsupport.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The COPY stand-in against a real S3-compatible server: a Parquet manifest COPY becomes the INSERT of the files' rows
 * in file column order, and what Redshift documents as a COPY failure (content_length missing or wrong, a mandatory
 * file absent, a role that is no role) fails here too.
 */
class CopyFromS3IT {
    @TempDir
    static Path dir;
    static LocalS3 s3;
    static S3Client client;
    static long parquetBytes;

    @BeforeAll
    static void start() throws Exception {
        s3 = LocalS3.start(dir, "lake");
        client = s3.client();
        Path parquet = dir.resolve("part-0.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES (1::BIGINT, 'PushEvent', TIMESTAMP '2015-01-01 12:00:01', true),"
                    + " (2::BIGINT, 'it''s', TIMESTAMP '2015-01-01 12:59:59', NULL)) t(id, type, created_at, public))"
                    + " TO '" + parquet + "' (FORMAT PARQUET)");
        }
        parquetBytes = Files.size(parquet);
        client.putObject(p -> p.bucket("lake").key("events/part-0.parquet"), RequestBody.fromFile(parquet));
    }

    @AfterAll
    static void stop() {
        client.close();
        s3.close();
    }

    private static RedshiftSql.Copy copy(String manifest, String role) {
        client.putObject(p -> p.bucket("lake").key("staging/m.manifest"), RequestBody.fromString(manifest));
        return new RedshiftSql.Copy("stage_events", "s3://lake/staging/m.manifest", role, true);
    }

    private static String entry(String key, Object length) {
        return "{\"url\":\"s3://lake/" + key + "\",\"mandatory\":true,\"meta\":{\"content_length\":" + length + "}}";
    }

    @Test
    void theManifestsFilesBecomeOneInsertOfTheirRowsInFileColumnOrder() throws Exception {
        var result = new CopyFromS3(client, dir).insertFor(copy("{\"entries\":[" + entry("events/part-0.parquet",
                parquetBytes) + "]}", "arn:aws:iam::123456789012:role/copy"));
        assertThat(result.rows()).isEqualTo(2);
        assertThat(result.files()).containsExactly("s3://lake/events/part-0.parquet");
        // Timestamps as DuckDB's JDBC prints them, a form PostgreSQL reads as the same instant.
        assertThat(result.insert()).isEqualTo("INSERT INTO stage_events VALUES (1, 'PushEvent', '2015-01-01 12:00:01.0', TRUE),"
                + " (2, 'it''s', '2015-01-01 12:59:59.0', NULL)");
    }

    @Test
    void whatRedshiftRefusesFailsHereToo() {
        CopyFromS3 copies = new CopyFromS3(client, dir);
        assertThatThrownBy(() -> copies.insertFor(copy("{\"entries\":[" + entry("events/part-0.parquet", parquetBytes + 1)
                + "]}", "default"))).hasMessageContaining("the manifest says " + (parquetBytes + 1));
        assertThatThrownBy(() -> copies.insertFor(copy("{\"entries\":[{\"url\":\"s3://lake/events/part-0.parquet\","
                + "\"mandatory\":true}]}", "default"))).hasMessageContaining("no meta.content_length");
        assertThatThrownBy(() -> copies.insertFor(copy("{\"entries\":[" + entry("events/gone.parquet", 10) + "]}",
                "default"))).hasMessageContaining("mandatory file s3://lake/events/gone.parquet does not exist");
        assertThatThrownBy(() -> copies.insertFor(copy("{\"entries\":[]}", "copy-role")))
                .hasMessageContaining("neither default nor an IAM role ARN");
    }
}
