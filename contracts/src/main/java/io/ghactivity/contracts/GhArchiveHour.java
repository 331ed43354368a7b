package io.ghactivity.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One UTC hour of GH Archive, the unit of everything downstream: a source file, a lake partition, a manifest, a load.
 *
 * <p>Three spellings exist and each belongs to one place: {@code 2022-06-05T07} on command lines and in the API,
 * {@code 2022-06-05-7.json.gz} (hour <em>not</em> zero-padded) as the GH Archive file name, and {@code dt=2022-06-05/hr=07}
 * in the lake.
 */
public record GhArchiveHour(LocalDateTime start) implements Comparable<GhArchiveHour> {

    // STRICT: 2022-06-31T00 is an error, not silently 2022-06-30T00.
    private static final DateTimeFormatter CLI = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})-(\\d{1,2})\\.json\\.gz");

    public GhArchiveHour {
        if (start.getMinute() != 0 || start.getSecond() != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException("an hour starts on the hour: " + start);
        }
    }

    /** Parses the command-line and API spelling {@code YYYY-MM-DDTHH} (UTC). */
    public static GhArchiveHour parse(String text) {
        try {
            return new GhArchiveHour(LocalDateTime.parse(text, CLI));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an hour: expected YYYY-MM-DDTHH in UTC, e.g. 2022-06-01T00");
        }
    }

    /** The hour a GH Archive file name stands for, e.g. {@code 2022-06-05-7.json.gz}; empty for any other name. */
    public static Optional<GhArchiveHour> fromFileName(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(m.group(2));
        if (hour > 23 || (m.group(2).length() == 2 && m.group(2).startsWith("0"))) {
            return Optional.empty(); // GH Archive never zero-pads the hour: "2022-06-05-07" is not one of its names
        }
        try {
            return Optional.of(new GhArchiveHour(LocalDate.parse(m.group(1)).atTime(hour, 0)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The hour that contains an instant. */
    public static GhArchiveHour containing(Instant instant) {
        return new GhArchiveHour(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC));
    }

    /** Hours since the epoch: a compact, sortable integer key for the hour (used by marts). */
    public static GhArchiveHour ofEpochHour(long epochHour) {
        return containing(Instant.ofEpochSecond(epochHour * 3600));
    }

    /** Every hour from {@code from} to {@code to}, both included. */
    public static List<GhArchiveHour> rangeInclusive(GhArchiveHour from, GhArchiveHour to) {
        if (to.compareTo(from) < 0) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        List<GhArchiveHour> hours = new ArrayList<>();
        for (GhArchiveHour h = from; h.compareTo(to) <= 0; h = h.next()) {
            hours.add(h);
        }
        return hours;
    }

    public String fileName() {
        return start.toLocalDate() + "-" + start.getHour() + ".json.gz";
    }

    /** Lake partition value {@code dt}, e.g. {@code 2022-06-05}. */
    public String dt() {
        return start.toLocalDate().toString();
    }

    /** Lake partition value {@code hr}, zero-padded, e.g. {@code 07}. */
    public String hr() {
        return String.format("%02d", start.getHour());
    }

    public Instant startInstant() {
        return start.toInstant(ZoneOffset.UTC);
    }

    /** The first instant after the hour. */
    public Instant endInstant() {
        return startInstant().plus(1, ChronoUnit.HOURS);
    }

    public long epochHour() {
        return startInstant().getEpochSecond() / 3600;
    }

    public GhArchiveHour next() {
        return new GhArchiveHour(start.plusHours(1));
    }

    public GhArchiveHour previous() {
        return new GhArchiveHour(start.minusHours(1));
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(startInstant()) && instant.isBefore(endInstant());
    }

    @Override
    public int compareTo(GhArchiveHour other) {
        return start.compareTo(other.start);
    }

    @Override
    public String toString() {
        return start.format(CLI);
    }
}
