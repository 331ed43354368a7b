package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.LocalS3;
import io.ghactivity.testsupport.RealSample;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * An s3a:// lake on a real local S3 server (s3proxy): the DuckDB loader fetches exactly the listed objects with the
 * SDK and ends up with the same warehouse as from the same lake on disk; an unlisted object is ignored.
 */
class S3LakeIT {
    @TempDir
    Path tmp;

    @Test
    void anS3LakeLoadsExactlyLikeTheSameLakeOnDisk() throws Exception {
        Path local = tmp.resolve("lake");
        Map<GhArchiveHour, HourManifest> manifests = LakeFixture.write(local, RealSample.PINOT_2021_07_21.eventLines(), 2);
        try (LocalS3 s3 = LocalS3.start(tmp.resolve("s3"), "gh-lake"); S3Client client = s3.client()) {
            System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
            String root = "s3a://gh-lake/lake";
            S3LakeCopy.upload(client, local, manifests.values(), "gh-lake", "lake");
            for (HourManifest m : manifests.values()) {
                // an object the streaming job left behind uncommitted: must never be read
                String orphan = "lake/events/" + LakeLayout.partitionPath(m.ghArchiveHour()) + "/part-orphan.parquet";
                client.putObject(PutObjectRequest.builder().bucket("gh-lake").key(orphan).build(), Path.of(m.files().get(0).path()));
            }
            CliResult r = LoadFailuresIT.run("load", "--lake", root, "--warehouse", "duckdb:" + tmp.resolve("s3.duckdb"),
                    "--pending", "--s3-endpoint", s3.endpoint(), "--s3-path-style");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).hasSize(manifests.size()).allMatch(l -> l.contains("\"status\":\"loaded\""));
        }
        try (DuckDbWarehouseWriter fromDisk = DuckDbWarehouseWriter.open(tmp.resolve("disk.duckdb"));
             Lake lake = Lake.open(local.toString(), S3Options.AWS_DEFAULT); Connection d = fromDisk.connect()) {
            new HourWatcher(new HourLoader(fromDisk, lake, LoadListener.NONE), fromDisk, lake).loadPending(x -> { });
            try (DuckDbWarehouseWriter fromS3 = DuckDbWarehouseWriter.open(tmp.resolve("s3.duckdb")); Connection s = fromS3.connect()) {
                assertThat(Snapshot.of(s)).isEqualTo(Snapshot.of(d));
            }
        }
    }
}
