package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.local.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A lake on S3 ({@code s3a://bucket/prefix}). DuckDB has no httpfs here, so the listed objects of an hour are fetched
 * with the AWS SDK into a temp dir and read from there; Redshift reads them from S3 directly (COPY).
 */
final class S3Lake implements Lake {
    private final LakeLayout layout;
    private final S3Options options;
    private final S3Client s3;

    S3Lake(LakeLayout layout, S3Options options) {
        this.layout = layout;
        this.options = options;
        this.s3 = options.client();
    }

    @Override
    public LakeLayout layout() {
        return layout;
    }

    @Override
    public Optional<byte[]> readManifest(GhArchiveHour hour) {
        String[] bk = S3Options.bucketAndKey(layout.manifest(hour));
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bk[0]).key(bk[1]).build());
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new S3Unavailable(options, layout.manifest(hour), e);
        }
    }

    @Override
    public List<GhArchiveHour> manifestHours() {
        String[] bk = S3Options.bucketAndKey(layout.manifests() + "/");
        List<GhArchiveHour> hours = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bk[0]).prefix(bk[1]).build()).contents()) {
                ManifestPaths.hourOf(o.key().substring(bk[1].length())).ifPresent(hours::add);
            }
        } catch (SdkException e) {
            throw new S3Unavailable(options, "the manifest list " + layout.manifests() + "/", e);
        }
        hours.sort(null);
        return hours;
    }

    @Override
    public HourFiles localFiles(HourManifest manifest) throws IOException {
        Path dir = Files.createTempDirectory("gh-load-" + manifest.hour() + "-");
        List<Path> paths = new ArrayList<>();
        try {
            int i = 0;
            for (HourManifest.DataFile f : manifest.files()) {
                String[] bk = S3Options.bucketAndKey(f.path().contains("://") ? f.path() : layout.root() + "/" + f.path());
                Path local = dir.resolve(String.format("%05d.parquet", i++));
                try {
                    s3.getObject(GetObjectRequest.builder().bucket(bk[0]).key(bk[1]).build(), local);
                } catch (NoSuchKeyException e) {
                    throw LoadFailure.of("the manifest of " + manifest.hour() + " lists " + f.path()
                            + ", which does not exist: nothing was loaded");
                } catch (SdkException e) {
                    throw new S3Unavailable(options, f.path() + " (nothing of " + manifest.hour() + " was loaded)", e);
                }
                paths.add(local);
            }
        } catch (RuntimeException e) {
            LocalFiles.deleteTree(dir);
            throw e;
        }
        return new HourFiles(paths, () -> LocalFiles.deleteTree(dir));
    }

    @Override
    public void close() {
        s3.close();
    }
}
