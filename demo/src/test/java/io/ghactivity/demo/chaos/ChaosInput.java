package io.ghactivity.demo.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.synthetic.SyntheticModel;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The input of every chaos trial, written once as GH Archive hour files for {@code demo --source dir:…}: the four real
 * 2021-07-21 hours of the Pinot sample (read in place from ../shared/data/real), three synthetic hours after them, bad
 * lines and duplicates mixed in, and one hour at the end of the range with no file (a missing hour).
 *
 * <p>{@link #recount} is the independent side of every trial's comparison: it reads the hour files back with Jackson and
 * applies the event rule as the docs state it (JSON object, digit id, non-empty type, {@code created_at} as
 * {@code YYYY-MM-DDTHH:MM:SSZ}), deduplicating by id — none of the pipeline's code is used.
 */
public final class ChaosInput {
    public static final GhArchiveHour FROM = GhArchiveHour.parse("2021-07-21T06");
    /** 06..09 real, 10..12 synthetic, 13 has no file. */
    public static final GhArchiveHour TO = GhArchiveHour.parse("2021-07-21T13");
    private static final GhArchiveHour MISSING = TO;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREATED_AT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** What the warehouse must hold afterwards. */
    public record Expected(long events, Map<String, Long> perType, Map<GhArchiveHour, Long> perHour, long badLines) {
        /** Hours that hold events: each must be loaded exactly once. */
        public Set<GhArchiveHour> hours() {
            return perHour.keySet();
        }
    }

    private ChaosInput() {
    }

    /** Writes the hour files into {@code dir} (created). */
    public static void write(Path dir) throws IOException {
        Map<GhArchiveHour, List<byte[]>> byHour = new TreeMap<>();
        for (byte[] line : RealSample.PINOT_2021_07_21.eventLines()) {
            JsonNode e = JSON.readTree(line);
            byHour.computeIfAbsent(GhArchiveHour.containing(Instant.parse(e.get("created_at").asText())), h -> new ArrayList<>()).add(line);
        }
        SyntheticModel model = new SyntheticModel(7, 0.002);
        for (GhArchiveHour h = GhArchiveHour.parse("2021-07-21T10"); h.compareTo(MISSING) < 0; h = h.next()) {
            List<byte[]> lines = new ArrayList<>();
            GhArchiveHour hour = h;
            model.forEach(hour, ev -> lines.add(syntheticLine(ev.id(), ev.type(), Instant.ofEpochSecond(ev.createdAtSecond()),
                    ev.actorId(), ev.repoId()).getBytes(StandardCharsets.UTF_8)));
            byHour.put(h, lines);
        }
        List<byte[]> first = byHour.get(FROM);
        String[] bad = {
            "{not json",
            "[1,2,3]",
            "{\"type\":\"PushEvent\",\"created_at\":\"2021-07-21T06:00:00Z\"}",
            "{\"id\":\"1\",\"type\":\"PushEvent\",\"created_at\":\"yesterday\"}",
            "{\"id\":\"abc\",\"type\":\"PushEvent\",\"created_at\":\"2021-07-21T06:00:00Z\"}",
            "{\"id\":\"2\",\"type\":\"\",\"created_at\":\"2021-07-21T06:00:00Z\"}",
        };
        for (String b : bad) {
            first.add(first.size() / 2, b.getBytes(StandardCharsets.UTF_8));
        }
        // Duplicates: the same event twice in one file, and an event of 06 repeated in 08's file and in a synthetic hour.
        first.add(first.get(0));
        byHour.get(GhArchiveHour.parse("2021-07-21T08")).add(first.get(1));
        byHour.get(GhArchiveHour.parse("2021-07-21T11")).add(first.get(2));
        byHour.get(GhArchiveHour.parse("2021-07-21T11")).add(byHour.get(GhArchiveHour.parse("2021-07-21T10")).get(5));
        Files.createDirectories(dir);
        for (Map.Entry<GhArchiveHour, List<byte[]>> e : byHour.entrySet()) {
            HourFiles.write(dir, e.getKey(), e.getValue());
        }
    }

    private static String syntheticLine(long id, String type, Instant createdAt, long actorId, long repoId) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"actor\":{\"id\":" + actorId + ",\"login\":\"user" + actorId
                + "\"},\"repo\":{\"id\":" + repoId + ",\"name\":\"org/repo" + repoId + "\"},\"payload\":{},\"public\":true,"
                + "\"created_at\":\"" + createdAt + "\"}";
    }

    /** Counts the hour files in {@code dir} independently of the pipeline. */
    public static Expected recount(Path dir) throws IOException {
        Set<String> ids = new HashSet<>();
        Map<String, Long> perType = new TreeMap<>();
        Map<GhArchiveHour, Long> perHour = new TreeMap<>();
        long bad = 0;
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList();
        }
        for (Path f : files) {
            byte[] all;
            try (var in = new GZIPInputStream(Files.newInputStream(f))) {
                all = in.readAllBytes();
            }
            for (String line : new String(all, StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode e = objectOrNull(line);
                if (e == null || !isEvent(e)) {
                    bad++;
                    continue;
                }
                if (ids.add(e.get("id").asText())) {
                    perType.merge(e.get("type").asText(), 1L, Long::sum);
                    perHour.merge(GhArchiveHour.containing(Instant.parse(e.get("created_at").asText())), 1L, Long::sum);
                }
            }
        }
        return new Expected(ids.size(), perType, new HashMap<>(perHour), bad);
    }

    private static boolean isEvent(JsonNode e) {
        JsonNode id = e.get("id");
        boolean idOk = id != null && (id.isTextual() && DIGITS.matcher(id.asText()).matches() || id.isIntegralNumber() && id.asLong() >= 0);
        JsonNode type = e.get("type");
        JsonNode at = e.get("created_at");
        return idOk && type != null && type.isTextual() && !type.asText().isEmpty()
                && at != null && at.isTextual() && CREATED_AT.matcher(at.asText()).matches();
    }

    private static JsonNode objectOrNull(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
