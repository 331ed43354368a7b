package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Read access to a lake: manifests, and the data files a manifest lists — never a glob of a partition, because only
 * the manifest knows which files the streaming job committed.
 */
public interface Lake extends AutoCloseable {

    LakeLayout layout();

    /** The manifest bytes of an hour, or empty when the hour has no manifest (not closed yet). */
    Optional<byte[]> readManifest(GhArchiveHour hour) throws IOException;

    /** Every hour that has a manifest, in time order. */
    List<GhArchiveHour> manifestHours() throws IOException;

    /**
     * Local paths of the manifest's files, in manifest order, each checked to exist (S3 objects are downloaded to
     * a temp dir first; {@link HourFiles#close()} deletes it). A listed file that is missing is a {@link LoadFailure}.
     */
    HourFiles localFiles(HourManifest manifest) throws IOException;

    @Override
    default void close() {
    }

    /** Opens a lake for a root that is a directory, a {@code file:} URI or {@code s3a://bucket/prefix}. */
    static Lake open(String root, S3Options s3) {
        LakeLayout layout = new LakeLayout(root);
        return layout.isS3() ? new S3Lake(layout, s3) : new LocalLake(layout);
    }

    /** Local copies (or the originals) of an hour's files; closing runs {@code cleanup}, removing what was downloaded. */
    record HourFiles(List<Path> paths, Runnable cleanup) implements AutoCloseable {
        @Override
        public void close() {
            cleanup.run();
        }
    }
}
