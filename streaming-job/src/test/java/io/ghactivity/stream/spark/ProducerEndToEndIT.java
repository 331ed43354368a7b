package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.Topics;
import io.ghactivity.stream.core.BatchMetrics;
import io.ghactivity.stream.core.StreamConfig;
import io.ghactivity.stream.core.TriggerSpec;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.KafkaBrokerProcess;
import io.ghactivity.testsupport.ProjectPaths;
import io.ghactivity.testsupport.RealSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the REAL producer: every real sample in ../shared/data/real, grouped into GH Archive-named hour
 * files by created_at, replayed by {@code bin/gh-activity replay --source dir:…} (a subprocess, exactly what users run),
 * then streamed. The lake must hold exactly the valid unique events (counted independently here with Jackson), each
 * in the hour of its created_at, and each hour's manifest must list exactly the files holding them.
 */
class ProducerEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(480)
    void realSamplesThroughTheRealProducerLandExactlyOnceInTheirHours(@TempDir Path dir) throws Exception {
        Path producerJar = ProjectPaths.root().resolve("producer/target/producer.jar");
        assertThat(producerJar).as("the producer module must be built before this test (reactor order)").exists();

        // Independent count: Jackson tree parse of every sample line; valid = object with digit id, type, created_at.
        Map<GhArchiveHour, List<byte[]>> byHour = new TreeMap<>();
        Map<GhArchiveHour, Set<Long>> expected = new TreeMap<>();
        for (RealSample s : RealSample.values()) {
            for (byte[] line : s.eventLines()) {
                JsonNode n = JSON.readTree(line);
                GhArchiveHour hour = GhArchiveHour.containing(Instant.parse(n.get("created_at").asText()));
                byHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(line);
                expected.computeIfAbsent(hour, h -> new HashSet<>()).add(Long.parseLong(n.get("id").asText()));
            }
        }
        Path files = dir.resolve("hours");
        for (Map.Entry<GhArchiveHour, List<byte[]>> e : byHour.entrySet()) {
            HourFiles.write(files, e.getKey(), e.getValue());
        }

        String lake = dir.resolve("lake").toString();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"))) {
            createTopicsWithoutTimeRetention(broker.bootstrap());
            for (List<GhArchiveHour> range : contiguousRanges(byHour.keySet())) {
                replay(broker.bootstrap(), files, range.get(0), range.get(range.size() - 1), dir);
            }
            StreamConfig config = StreamConfig.defaults(lake, broker.bootstrap(), TriggerSpec.AVAILABLE_NOW, "e2e");
            StreamJob job = StreamJobIT.run(config);
            assertThat(job.state().openHours()).as("every replayed hour closed by its marker").isEmpty();

            LakeReader reader = new LakeReader(SparkTestSession.get(), lake);
            Set<Long> all = new HashSet<>();
            expected.values().forEach(all::addAll);
            assertThat(reader.allIds()).doesNotHaveDuplicates().hasSize(all.size());
            for (Map.Entry<GhArchiveHour, Set<Long>> e : expected.entrySet()) {
                HourManifest m = reader.manifest(e.getKey());
                assertThat(m).as("manifest of %s", e.getKey()).isNotNull();
                assertThat(reader.idsOfManifest(m)).as("events of %s", e.getKey()).isEqualTo(e.getValue());
            }
            assertEveryColumnIsWhatTheOldRulesGive(reader.allRows(), byHour);
            assertThat(job.metrics().stream().mapToLong(BatchMetrics::rejects).sum()).isZero();
            long lines = byHour.values().stream().mapToLong(List::size).sum();
            assertThat(job.metrics().stream().mapToLong(BatchMetrics::rowsIn).sum()).isEqualTo(lines);
        }
    }

    /**
     * Every lake row, column by column, equals what the whole-record reading ({@link LakeRowParser#toValues}:
     * validator, then the Jackson reading, payload as the String of its bytes) gives one of the lines with its id:
     * pass 2's in-place readings and the write path (strings and payload as views of the bytes) change nothing.
     */
    private static void assertEveryColumnIsWhatTheOldRulesGive(List<Row> rows, Map<GhArchiveHour, List<byte[]>> lines) {
        EventValidator validator = new EventValidator();
        JsonFactory json = new JsonFactory();
        Map<Long, List<List<Object>>> expected = new HashMap<>();
        for (List<byte[]> hour : lines.values()) {
            for (byte[] line : hour) {
                Object[] v = LakeRowParser.toValues(validator, json, null, line, 0, 0L, null);
                List<Object> lake = Arrays.asList(Arrays.copyOf(v, LakeRows.LAKE.size()));
                expected.computeIfAbsent((Long) v[0], id -> new ArrayList<>()).add(lake);
            }
        }
        assertThat(rows).isNotEmpty();
        for (Row r : rows) {
            List<Object> actual = new ArrayList<>();
            for (int i = 0; i < LakeRows.LAKE.size(); i++) {
                actual.add(r.get(i));
            }
            assertThat(expected.get(r.getLong(0))).as("lake row of id %s", r.get(0)).contains(actual);
        }
    }

    /** Replay time-stamps records with created_at (years ago): topics must not expire records by time. */
    private static void createTopicsWithoutTimeRetention(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<String, String> conf = Map.of("retention.ms", "-1", "max.message.bytes", Integer.toString(Topics.MAX_RECORD_BATCH_BYTES));
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(Topics.EVENTS, 3, (short) 1).configs(conf),
                    new NewTopic(Topics.DLQ, 1, (short) 1).configs(conf),
                    new NewTopic(Topics.CONTROL, 1, (short) 1).configs(conf))).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void replay(String bootstrap, Path files, GhArchiveHour from, GhArchiveHour to, Path dir) throws Exception {
        Path log = dir.resolve("replay-" + from + ".log");
        Process p = new ProcessBuilder(ProjectPaths.root().resolve("bin/gh-activity").toString(), "replay",
                "--source", "dir:" + files, "--from", from.toString(), "--to", to.toString(), "--bootstrap", bootstrap,
                "--state-dir", dir.resolve("replay-state-" + from).toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("replay " + from + ".." + to + " did not finish in 120 s:\n" + Files.readString(log));
        }
        assertThat(p.exitValue()).as("replay %s..%s:\n%s", from, to, Files.readString(log)).isZero();
    }

    /** Hours grouped into runs of consecutive hours, so each replay's range has no long gaps. */
    private static List<List<GhArchiveHour>> contiguousRanges(Set<GhArchiveHour> hours) {
        List<List<GhArchiveHour>> ranges = new ArrayList<>();
        for (GhArchiveHour h : new java.util.TreeSet<>(hours)) {
            List<GhArchiveHour> last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && h.epochHour() - last.get(last.size() - 1).epochHour() <= 6) {
                last.add(h);
            } else {
                ranges.add(new ArrayList<>(List.of(h)));
            }
        }
        return ranges;
    }
}
