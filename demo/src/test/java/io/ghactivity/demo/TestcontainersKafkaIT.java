package io.ghactivity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.loader.Lake;
import io.ghactivity.loader.S3Options;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.ProjectPaths;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The producer and the streaming job against a Kafka in a container (Testcontainers, the {@code apache/kafka} image
 * of the local broker's version) instead of the project's own broker: a broker neither started nor configured by us,
 * as on a user's Docker or in a cloud CI. A complete real GH Archive hour goes through {@code bin/gh-activity replay}
 * and {@code bin/gh-activity stream --trigger available-now}; the lake must hold exactly its distinct valid ids, in one
 * manifest. Skipped, with the reason, where no Docker engine answers ({@link DockerEngine}).
 */
@ExtendWith(DockerEngine.class)
class TestcontainersKafkaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A whole GH Archive hour file as published: 8,273 events, every created_at inside 2015-01-01 12:00–13:00. */
    private static final RealSample SAMPLE = RealSample.HONEYPOT_2015_01_01_12;
    private static final GhArchiveHour HOUR = GhArchiveHour.parse("2015-01-01T12");

    @Test
    @Timeout(900)
    void aRealHourReplayedIntoContainerKafkaLandsInTheLakeExactlyOnce(@TempDir Path dir) throws Exception {
        try (KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:" + brokerVersion()))) {
            kafka.start();
            replayAndStreamOneRealHour(kafka.getBootstrapServers(), dir);
        }
    }

    /**
     * Replays {@link #SAMPLE} into the Kafka at {@code bootstrap}, streams it into a lake under {@code dir} and checks
     * the lake against a recount of the input. Independent of where that Kafka runs.
     */
    static void replayAndStreamOneRealHour(String bootstrap, Path dir) throws Exception {
        Path hours = dir.resolve("hours");
        HourFiles.writeRaw(hours, HOUR, Files.readAllBytes(SAMPLE.path())); // byte for byte, under its own name
        List<byte[]> lines = SAMPLE.eventLines();
        Map<GhArchiveHour, Set<Long>> expected = validIdsByHour(lines);
        assertThat(expected).as("the sample is one hour").containsOnlyKeys(HOUR);
        assertThat(expected.get(HOUR)).hasSize(SAMPLE.documentedEventCount());

        Run replay = run(dir, "replay", Duration.ofMinutes(5), "--source", "dir:" + hours, "--from", HOUR.toString(),
                "--to", HOUR.toString(), "--bootstrap", bootstrap, "--partitions", "3",
                "--state-dir", dir.resolve("replay-state").toString());
        JsonNode summary = JSON.readTree(replay.lastStdoutLine());
        assertThat(summary.get("hours").asLong()).isEqualTo(1);
        assertThat(summary.get("events").asLong()).isEqualTo(lines.size());
        assertThat(summary.get("dlq").asLong()).isZero();
        assertThat(summary.get("missing_hours")).isEmpty();

        Path lake = dir.resolve("lake");
        Run stream = run(dir, "stream", Duration.ofMinutes(10), "--bootstrap", bootstrap, "--lake", lake.toString(),
                "--master", "local[2]", "--trigger", "available-now", "--topic-wait", "PT2M");
        assertThat(stream.stderr()).as("every replayed hour closed by its marker").contains("open hours left: []");

        try (Lake reader = Lake.open(lake.toString(), S3Options.AWS_DEFAULT)) {
            assertThat(reader.manifestHours()).containsExactly(HOUR);
            HourManifest manifest = HourManifest.fromJson(reader.readManifest(HOUR).orElseThrow(), HOUR.toString());
            assertThat(manifest.revision()).isEqualTo(1);
            assertThat(manifest.rows()).isEqualTo(expected.get(HOUR).size());
            try (Lake.HourFiles files = reader.localFiles(manifest)) {
                List<Long> ids = idsIn(files.paths());
                assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected.get(HOUR));
            }
        }
    }

    /** Independent of the producer's validator: Jackson's tree, an object with a digit id, a type and an ISO instant. */
    private static Map<GhArchiveHour, Set<Long>> validIdsByHour(List<byte[]> lines) throws IOException {
        Map<GhArchiveHour, Set<Long>> ids = new TreeMap<>();
        for (byte[] line : lines) {
            JsonNode e = JSON.readTree(line);
            String id = e.path("id").asText();
            if (e.isObject() && id.matches("\\d{1,18}") && !e.path("type").asText().isEmpty() && e.path("created_at").isTextual()) {
                GhArchiveHour hour = GhArchiveHour.containing(Instant.parse(e.get("created_at").asText()));
                ids.computeIfAbsent(hour, h -> new HashSet<>()).add(Long.parseLong(id));
            }
        }
        return ids;
    }

    /** The ids of the lake's Parquet files, read by DuckDB (not by the job that wrote them). */
    private static List<Long> idsIn(List<Path> files) throws Exception {
        String list = files.stream().map(p -> "'" + p.toString().replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM read_parquet(" + list + ")")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** The Kafka the project's own broker runs (root pom's kafka.broker.version, passed by failsafe). */
    private static String brokerVersion() {
        String v = System.getProperty("kafka.broker.version");
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property kafka.broker.version is not set: run this test through Maven (failsafe sets it)");
        }
        return v;
    }

    private record Run(List<String> stdout, String stderr) {
        String lastStdoutLine() {
            assertThat(stdout).as("stdout; stderr:\n%s", stderr).isNotEmpty();
            return stdout.get(stdout.size() - 1);
        }
    }

    /** {@code bin/gh-activity <command> …} as a user runs it; must exit 0 within {@code timeout}. */
    private static Run run(Path dir, String command, Duration timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProjectPaths.root().resolve("bin/gh-activity").toString(), command));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(command + ".out");
        Path err = dir.resolve(command + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("GH_ACTIVITY_JAVA_OPTS", "-Xmx1g"); // the machine runs other tests beside this one
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish within " + timeout + ":\n" + Files.readString(err));
        }
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as("%s exit code; stderr:\n%s", command, stderr).isZero();
        return new Run(Files.readAllLines(out), stderr);
    }
}
