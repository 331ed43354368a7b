package io.ghactivity.producer.source;

import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code --source dir:PATH}: GH Archive-named files ({@code 2022-06-05-7.json.gz}) in a directory; no file = missing hour. */
public final class DirSource implements HourSource {
    private final Path dir;

    public DirSource(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public Optional<HourInput> open(GhArchiveHour hour) throws IOException {
        Path file = dir.resolve(hour.fileName());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(new HourInput(hour.fileName(), Files.newInputStream(file), true, file));
    }

    @Override
    public String describe() {
        return "dir:" + dir;
    }
}
