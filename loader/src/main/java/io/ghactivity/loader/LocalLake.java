package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A lake in a local directory (or {@code file:} URI). Manifest paths may be absolute, {@code file:} URIs or relative to the root. */
final class LocalLake implements Lake {
    private final LakeLayout layout;
    private final Path root;

    LocalLake(LakeLayout layout) {
        this.layout = layout;
        this.root = toPath(layout.root());
    }

    static Path toPath(String location) {
        if (location.startsWith("file:")) {
            String uri = location.startsWith("file://") ? location : "file://" + location.substring("file:".length());
            return Path.of(URI.create(uri)).toAbsolutePath().normalize();
        }
        return Path.of(location).toAbsolutePath().normalize();
    }

    @Override
    public LakeLayout layout() {
        return layout;
    }

    @Override
    public Optional<byte[]> readManifest(GhArchiveHour hour) throws IOException {
        Path p = toPath(layout.manifest(hour));
        return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    }

    @Override
    public List<GhArchiveHour> manifestHours() throws IOException {
        Path dir = toPath(layout.manifests());
        List<GhArchiveHour> hours = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return hours;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.filter(Files::isRegularFile)
                    .map(p -> ManifestPaths.hourOf(dir.relativize(p).toString().replace('\\', '/')))
                    .flatMap(Optional::stream).forEach(hours::add);
        }
        hours.sort(null);
        return hours;
    }

    @Override
    public HourFiles localFiles(HourManifest manifest) {
        List<Path> paths = new ArrayList<>();
        for (HourManifest.DataFile f : manifest.files()) {
            Path p = f.path().startsWith("/") || f.path().startsWith("file:") ? toPath(f.path()) : root.resolve(f.path());
            if (!Files.isRegularFile(p)) {
                throw LoadFailure.of("the manifest of " + manifest.hour() + " lists " + f.path()
                        + ", which does not exist: nothing was loaded (the lake is damaged; re-run the streaming job's close of this hour)");
            }
            paths.add(p);
        }
        return new HourFiles(paths, () -> { }); // the lake's own files: nothing to clean up
    }
}
