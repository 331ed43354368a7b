package io.ghactivity.loader;

import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Copies a lake written on disk to S3 as the streaming job would have written it: data objects, then manifests. */
final class S3LakeCopy {
    private S3LakeCopy() {
    }

    /**
     * Uploads each manifest's files under {@code s3a://bucket/prefix/…} (same relative keys as on disk), then the
     * manifest itself rewritten to list those objects.
     */
    static void upload(S3Client client, Path local, Iterable<HourManifest> manifests, String bucket, String prefix) {
        String root = "s3a://" + bucket + "/" + prefix;
        for (HourManifest m : manifests) {
            List<HourManifest.DataFile> files = new ArrayList<>();
            for (HourManifest.DataFile f : m.files()) {
                String key = prefix + "/" + local.relativize(Path.of(f.path()));
                client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), Path.of(f.path()));
                files.add(new HourManifest.DataFile("s3a://" + bucket + "/" + key, f.bytes(), f.rows()));
            }
            HourManifest remote = new HourManifest(m.formatVersion(), m.hour(), m.revision(), files, m.rows(),
                    m.minCreatedAt(), m.maxCreatedAt(), m.watermark(), m.runId(), m.writtenAt());
            String manifestKey = S3Options.bucketAndKey(new LakeLayout(root).manifest(m.ghArchiveHour()))[1];
            client.putObject(PutObjectRequest.builder().bucket(bucket).key(manifestKey).build(),
                    RequestBody.fromBytes(remote.toJsonBytes()));
        }
    }
}
