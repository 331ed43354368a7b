package io.ghactivity.loader;

import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.cli.UserError;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** COPY from S3: uploads the hour's COPY manifest under {@code --s3-staging}, then runs COPY with the IAM role. */
public final class RedshiftStager implements JdbcWarehouse.Stager {
    private final String iamRole;
    private final String s3Staging;
    private final S3Options s3;

    public RedshiftStager(String iamRole, String s3Staging, S3Options s3) {
        if (iamRole == null || iamRole.isBlank()) {
            throw new UserError("--iam-role ARN|default is required to load a Redshift warehouse (the role COPY assumes to"
                    + " read the lake; 'default' = the namespace's default IAM role)");
        }
        if (s3Staging == null || !s3Staging.startsWith("s3://")) {
            throw new UserError("--s3-staging s3://bucket/prefix is required to load a Redshift warehouse (where the loader"
                    + " writes its COPY manifests, e.g. s3://LAKE_BUCKET/_staging/loader)");
        }
        this.iamRole = iamRole;
        this.s3Staging = s3Staging;
        this.s3 = s3;
    }

    @Override
    public void stage(Connection c, HourManifest manifest, Lake lake) throws Exception {
        if (!lake.layout().isS3()) {
            throw new UserError("a Redshift warehouse loads from S3: give --lake s3a://bucket/prefix");
        }
        if (manifest.files().isEmpty()) {
            return;
        }
        String url = RedshiftCopy.copyManifestUrl(s3Staging, manifest.ghArchiveHour(), manifest.revision());
        String[] bk = S3Options.bucketAndKey(url);
        try (S3Client client = s3.client()) {
            client.putObject(PutObjectRequest.builder().bucket(bk[0]).key(bk[1]).build(),
                    RequestBody.fromString(RedshiftCopy.copyManifest(lake.layout(), manifest), StandardCharsets.UTF_8));
        }
        try (Statement st = c.createStatement()) {
            st.execute(RedshiftCopy.copyStatement(url, iamRole));
        }
    }
}
