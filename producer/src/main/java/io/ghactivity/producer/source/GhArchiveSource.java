package io.ghactivity.producer.source;

import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --source gharchive}: hour files from {@code <base>/YYYY-MM-DD-H.json.gz}, downloaded into a local cache
 * first ({@link HttpFetcher}: resume, retries) and read from there. A cached file that is not gzip (e.g. an error
 * page saved by some other tool) is downloaded again.
 */
public final class GhArchiveSource implements HourSource {
    /** How every gzip file starts (RFC 1952): the fetcher retries a 200 whose body does not. */
    public static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private final URI base;
    private final Path cacheDir;
    private final HttpFetcher fetcher;
    private final boolean deleteAfterDelivery;

    public GhArchiveSource(URI base, Path cacheDir, HttpFetcher fetcher, boolean deleteAfterDelivery) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.fetcher = fetcher;
        this.deleteAfterDelivery = deleteAfterDelivery;
    }

    @Override
    public Optional<HourInput> open(GhArchiveHour hour) throws IOException {
        Path cached = cacheDir.resolve(hour.fileName());
        if (Files.exists(cached) && !looksLikeGzip(cached)) {
            Files.delete(cached);
        }
        if (!Files.exists(cached)) {
            try {
                if (!fetcher.download(base.resolve(hour.fileName()), cached)) {
                    return Optional.empty();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + hour.fileName(), e);
            }
        }
        return Optional.of(new HourInput(hour.fileName(), Files.newInputStream(cached), true, cached));
    }

    @Override
    public void delivered(GhArchiveHour hour) {
        if (deleteAfterDelivery) {
            try {
                Files.deleteIfExists(cacheDir.resolve(hour.fileName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean looksLikeGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    @Override
    public String describe() {
        return "gharchive:" + base;
    }
}
