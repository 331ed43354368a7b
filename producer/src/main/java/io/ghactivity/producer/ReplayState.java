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
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The replay's crash-safety record: the hours whose every event and whose hour-end marker the broker has acked, one
 * per line in {@code delivered-hours}, appended and fsynced after the marker's ack. A restarted replay skips those and
 * redoes any other hour from its first line (the duplicates this produces carry the same event ids and are removed
 * downstream).
 *
 * <p>Follow mode also keeps its gaps here, in {@code follow-gaps}: an hour GH Archive has not published while later
 * hours are out ({@code overdue H}), and how that ended ({@code found H} once delivered, {@code missing H} once given
 * up). A restarted follow keeps looking for the overdue hours instead of forgetting them. Synchronized: the marker
 * thread records deliveries while the replay thread reads.
 */
final class ReplayState {
    private static final String FILE = "delivered-hours";
    private static final String GAPS = "follow-gaps";

    private final Path file;
    private final Set<GhArchiveHour> delivered = new HashSet<>();
    private final Path gapsFile;
    private final SortedSet<GhArchiveHour> overdue = new TreeSet<>();

    ReplayState(Path dir) {
        try {
            Files.createDirectories(dir);
            this.file = dir.resolve(FILE);
            this.gapsFile = dir.resolve(GAPS);
            if (Files.exists(gapsFile)) {
                for (String line : Files.readAllLines(gapsFile, StandardCharsets.UTF_8)) {
                    String[] parts = line.strip().split(" ");
                    if (parts.length == 2) {
                        try {
                            GhArchiveHour h = GhArchiveHour.parse(parts[1]);
                            if (parts[0].equals("overdue")) {
                                overdue.add(h);
                            } else {
                                overdue.remove(h); // found or missing
                            }
                        } catch (IllegalArgumentException torn) {
                            // a torn last line: its gap is looked at again, which is safe
                        }
                    }
                }
            }
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

    synchronized boolean isDelivered(GhArchiveHour hour) {
        return delivered.contains(hour);
    }

    synchronized int deliveredCount() {
        return delivered.size();
    }

    synchronized void markDelivered(GhArchiveHour hour) {
        append(file, hour + "\n"); // durable before the next hour starts, so a crash never makes us redo a finished hour
        delivered.add(hour);
        if (overdue.contains(hour)) {
            resolveGap(hour, true);
        }
    }

    /** The latest delivered hour, if any (a follow without --from resumes after it). */
    synchronized Optional<GhArchiveHour> lastDelivered() {
        return delivered.stream().max(GhArchiveHour::compareTo);
    }

    /** Follow mode's gaps still being looked for, oldest first. */
    synchronized List<GhArchiveHour> overdue() {
        return List.copyOf(overdue);
    }

    synchronized void markOverdue(GhArchiveHour hour) {
        if (overdue.add(hour)) {
            append(gapsFile, "overdue " + hour + "\n");
        }
    }

    /** The gap is closed: {@code found} (and delivered) or given up as missing. */
    synchronized void resolveGap(GhArchiveHour hour, boolean found) {
        if (overdue.remove(hour)) {
            append(gapsFile, (found ? "found " : "missing ") + hour + "\n");
        }
    }

    private static void append(Path to, String line) {
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record '" + line.strip() + "' in " + to, e);
        }
    }
}
