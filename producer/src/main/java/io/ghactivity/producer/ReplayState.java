package io.ghactivity.producer;

import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The replay's crash-safety record: the hours whose every event and whose hour-end marker the broker has acked, one
 * per line in {@code delivered-hours}, appended and fsynced after the marker's ack. A restarted replay skips those and
 * redoes any other hour from its first line (the duplicates this produces carry the same event ids and are removed
 * downstream).
 */
final class ReplayState {
    private static final String FILE = "delivered-hours";

    private final Path file;
    private final Set<GhArchiveHour> delivered = new HashSet<>();

    ReplayState(Path dir) {
        try {
            Files.createDirectories(dir);
            this.file = dir.resolve(FILE);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) { // a torn last line (crash mid-write) never parses as an hour: ignore it
                        try {
                            delivered.add(GhArchiveHour.parse(line.strip()));
                        } catch (IllegalArgumentException torn) {
                            // the hour is redone, which is safe
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the replay state directory " + dir, e);
        }
    }

    /** The default state directory for a replay: one per (source, range, topic, bootstrap). */
    static Path defaultDir(String source, String from, String to, String topic, String bootstrap) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    String.join("|", source, from, to, topic, bootstrap).getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("user.home"), ".gh-activity", "replay", HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean isDelivered(GhArchiveHour hour) {
        return delivered.contains(hour);
    }

    int deliveredCount() {
        return delivered.size();
    }

    void markDelivered(GhArchiveHour hour) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap((hour + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true); // durable before the next hour starts, so a crash never makes us redo a finished hour
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record delivered hour " + hour + " in " + file, e);
        }
        delivered.add(hour);
    }
}
