package io.ghactivity.stream.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Small files of the lake (manifests, job state, metrics) through Hadoop's FileSystem, so one code path serves a local
 * directory and {@code s3a://}. The one subtle operation is {@link #writeAtomically}: a reader must never see half a
 * manifest.
 */
public final class LakeFs {
    private final Configuration conf;

    public LakeFs(Configuration conf) {
        this.conf = conf;
    }

    public Configuration conf() {
        return conf;
    }

    public FileSystem fs(Path p) throws IOException {
        return p.getFileSystem(conf);
    }

    public boolean exists(String path) {
        try {
            Path p = new Path(path);
            return fs(p).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    /**
     * The file's bytes, or null when it does not exist. Lake state files are replaced whole while others read them (a
     * lease renewed while a rival start reads it): on s3a a read that overlaps a replacement fails — the object's ETag
     * changed between the stream's HEAD and its GET, which S3 answers with 412 — and is simply read again.
     */
    byte[] readOrNull(String path) {
        Path p = new Path(path);
        for (int attempt = 1; ; attempt++) {
            try (InputStream in = fs(p).open(p)) {
                return in.readAllBytes();
            } catch (FileNotFoundException e) {
                return null;
            } catch (IOException e) {
                if (attempt >= READS_OF_A_REPLACED_FILE || !replacedWhileRead(e)) {
                    throw new UncheckedIOException("cannot read " + path, e);
                }
                pause(10L * attempt + ThreadLocalRandom.current().nextLong(10)); // jitter: out of step with a rival writer
            }
        }
    }

    /**
     * Each read that overlaps a replacement misses one write. A lease is replaced every few seconds, so eight misses in
     * a row (about half a second of reading) mean something else is wrong.
     */
    static final int READS_OF_A_REPLACED_FILE = 8;

    /**
     * True for s3a's "the object changed while it was read": {@link RemoteFileChangedException} from the classic input
     * stream, an S3 412 (precondition failed on the ETag) from the analytics stream.
     */
    static boolean replacedWhileRead(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RemoteFileChangedException
                    || t instanceof AwsServiceException a && a.statusCode() == HTTP_PRECONDITION_FAILED) {
                return true;
            }
        }
        return false;
    }

    private static final int HTTP_PRECONDITION_FAILED = 412;

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a lake file", e);
        }
    }

    /** Names of the entries of a directory; empty when it does not exist. */
    public List<String> list(String dir) {
        Path p = new Path(dir);
        List<String> names = new ArrayList<>();
        try {
            for (FileStatus s : fs(p).listStatus(p)) {
                names.add(s.getPath().getName());
            }
        } catch (FileNotFoundException e) {
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return names;
    }

    public void deleteQuietly(String path) {
        try {
            Path p = new Path(path);
            fs(p).delete(p, false);
        } catch (IOException ignored) {
            // best effort: housekeeping of old state files only
        }
    }

    /**
     * Replaces {@code path} with {@code bytes} so that readers see the old or the new content, never a mix:
     * <ul>
     *   <li>local files: write a temp file in the same directory, then an atomic rename over the target;</li>
     *   <li>s3a: one PUT — S3 makes an object visible only when its upload completes, and rename would be a copy;</li>
     *   <li>other Hadoop file systems (HDFS): temp file + {@code FileContext.rename(OVERWRITE)}, atomic there.</li>
     * </ul>
     */
    public void writeAtomically(String path, byte[] bytes) {
        Path target = new Path(path);
        URI uri = target.toUri();
        try {
            String scheme = uri.getScheme();
            if (scheme == null || scheme.equals("file")) {
                java.nio.file.Path t = java.nio.file.Path.of(uri.getPath());
                Files.createDirectories(t.getParent());
                java.nio.file.Path tmp = t.resolveSibling("." + t.getFileName() + ".tmp-" + UUID.randomUUID());
                Files.write(tmp, bytes);
                Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else if (scheme.startsWith("s3")) {
                try (FSDataOutputStream out = fs(target).create(target, true)) {
                    out.write(bytes);
                }
            } else {
                Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
                try (OutputStream out = fs(tmp).create(tmp, false)) {
                    out.write(bytes);
                }
                FileContext.getFileContext(uri, conf).rename(tmp, target, Options.Rename.OVERWRITE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
