package io.ghactivity.testsupport;

import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes GH Archive-named hour files ({@code YYYY-MM-DD-H.json.gz}) for tests of the {@code dir:} and HTTP sources. */
public final class HourFiles {
    private HourFiles() {
    }

    /** Writes the lines, each followed by '\n', gzip-compressed, as the file for {@code hour} in {@code dir}. */
    public static Path write(Path dir, GhArchiveHour hour, List<byte[]> lines) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(hour.fileName());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
        return file;
    }

    /** Writes raw bytes (already gzip or deliberately broken) as the file for {@code hour}. */
    public static Path writeRaw(Path dir, GhArchiveHour hour, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(hour.fileName()), bytes);
    }
}
