package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.synthetic.SyntheticModel;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.KafkaBrokerExtension;
import io.ghactivity.testsupport.ProjectPaths;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/gh-activity replay} as a real process: the synthetic summary line, and kill -9 then restart. */
@Timeout(900)
class ReplayProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final KafkaBrokerExtension broker = new KafkaBrokerExtension();


    private static Process start(Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProjectPaths.root().resolve("bin/gh-activity").toString(), "replay"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName() + ".err").toFile()).start();
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Test
    void syntheticReplayReportsExactlyTheScaledProfile() throws Exception {
        GhArchiveHour from = GhArchiveHour.parse("2022-06-14T12"); // a Tuesday: weekday hours average ~4.5 KB/event
        GhArchiveHour to = from.next();
        SyntheticModel model = new SyntheticModel(7, 0.02);
        long expected = model.hourTotal(from) + model.hourTotal(to);
        Path out = tmp.resolve("synthetic.out");
        Process p = start(out, "--source", "synthetic", "--seed", "7", "--scale", "0.02", "--from", from.toString(),
                "--to", to.toString(), "--bootstrap", broker.bootstrap(), "--topic", "synthetic",
                "--state-dir", tmp.resolve("state-synthetic").toString());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(out.resolveSibling("synthetic.out.err"))).isZero();
        JsonNode summary = JSON.readTree(lastLine(out));
        assertThat(summary.get("hours").asLong()).isEqualTo(2);
        assertThat(summary.get("events").asLong()).isEqualTo(expected);
        assertThat(summary.get("dlq").asLong()).isZero();
        assertThat(summary.get("missing_hours").size()).isZero();
        assertThat(summary.get("bytes").asLong() / expected).as("mean event size").isBetween(3800L, 5500L);
        List<ConsumerRecord<byte[], byte[]>> records = ReplayRunner.read(broker.bootstrap(), "synthetic");
        assertThat(records).hasSize((int) expected);
        Map<String, Long> perType = new HashMap<>();
        records.forEach(r -> perType.merge(ReplayRunner.header(r, io.ghactivity.contracts.Topics.HEADER_TYPE), 1L, Long::sum));
        Map<String, Long> want = new HashMap<>();
        for (GhArchiveHour h : List.of(from, to)) {
            model.typeCounts(h).forEach((t, n) -> want.merge(t, n, Long::sum));
        }
        want.values().removeIf(n -> n == 0);
        assertThat(perType).isEqualTo(want);
    }

    @Test
    void onJava22OrLaterTheLauncherAlsoDecodesWithLibdeflate() throws Exception {
        Optional<Path> newerJava = javaHomeAtLeast(22);
        assumeTrue(newerJava.isPresent(), "no Java 22+ under /usr/lib/jvm: the java.lang.foreign path is not exercised here");
        Path dir = tmp.resolve("java22-files");
        GhArchiveHour from = GhArchiveHour.parse("2037-01-01T00");
        List<byte[]> lines = io.ghactivity.testsupport.RealSample.PINOT_2021_07_21.eventLines();
        for (int k = 0; k < 3; k++) {
            HourFiles.write(dir, k == 0 ? from : k == 1 ? from.next() : from.next().next(), lines);
        }
        ProcessBuilder pb = new ProcessBuilder(ProjectPaths.root().resolve("bin/gh-activity").toString(), "replay",
                "--source", "dir:" + dir, "--from", from.toString(), "--to", from.next().next().toString(),
                "--gunzip", "libdeflate", "--bootstrap", broker.bootstrap(), "--topic", "java22",
                "--state-dir", tmp.resolve("state-java22").toString());
        pb.environment().put("JAVA_HOME", newerJava.get().toString());
        Path out = tmp.resolve("java22.out");
        Process p = pb.redirectOutput(out.toFile()).redirectError(tmp.resolve("java22.out.err").toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(tmp.resolve("java22.out.err"));
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(stderr).contains("gunzip: 2 of 3 gzip hour file(s) decoded whole by libdeflate")
                .doesNotContain("restricted method"); // the launcher grants native access on 22+
        assertThat(JSON.readTree(lastLine(out)).get("events").asLong()).isEqualTo(3L * lines.size());
        assertThat(ReplayRunner.read(broker.bootstrap(), "java22")).hasSize(3 * lines.size());
    }

    /** A JDK or JRE of at least {@code major} installed beside the one running the tests, from its release file. */
    private static Optional<Path> javaHomeAtLeast(int major) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (var homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isRegularFile(h.resolve("release")) && Files.isExecutable(h.resolve("bin/java")))
                    .filter(h -> releaseMajor(h) >= major).sorted().findFirst();
        }
    }

    private static int releaseMajor(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Test
    void aReplayKilledMidwayAndRestartedLosesNothing() throws Exception {
        Path dir = tmp.resolve("crash-files");
        GhArchiveHour from = GhArchiveHour.parse("2036-01-01T00");
        int hours = 4;
        int perHour = 4000;
        Set<String> allIds = new HashSet<>();
        GhArchiveHour h = from;
        for (int k = 0; k < hours; k++, h = h.next()) {
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < perHour; i++) {
                long id = (k + 1) * 1_000_000L + i;
                Instant at = h.startInstant().plusMillis((long) i * 3_600_000 / perHour);
                lines.add(("{\"id\":\"" + id + "\",\"type\":\"PushEvent\",\"created_at\":\"" + at.toString().replace(".000", "")
                        + "\",\"payload\":{\"pad\":\"" + "p".repeat(300) + "\"}}").getBytes(StandardCharsets.UTF_8));
                allIds.add(Long.toString(id));
            }
            HourFiles.write(dir, h, lines);
        }
        GhArchiveHour to = h.previous();
        // --speed 1800: each hour takes about 2 s, so the kill lands in the middle of the run
        String[] args = {"--source", "dir:" + dir, "--from", from.toString(), "--to", to.toString(), "--speed", "1800",
            "--bootstrap", broker.bootstrap(), "--topic", "crash", "--state-dir", tmp.resolve("state-crash").toString()};
        Process first = start(tmp.resolve("crash-1.out"), args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (ReplayRunner.markersFor(broker.bootstrap(), "crash").size() < 1 && System.nanoTime() < deadline && first.isAlive()) {
            Thread.sleep(100);
        }
        Thread.sleep(700); // well into the second hour
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no shutdown hook, no flush
        List<HourEndMarker> before = ReplayRunner.markersFor(broker.bootstrap(), "crash");
        assertThat(before.size()).as("killed mid-way; its stderr: %s", Files.readString(tmp.resolve("crash-1.out.err"))).isBetween(1, hours - 1);
        long partial = ReplayRunner.read(broker.bootstrap(), "crash").size();

        Process second = start(tmp.resolve("crash-2.out"), args);
        assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(tmp.resolve("crash-2.out.err"))).isZero();
        JsonNode summary = JSON.readTree(lastLine(tmp.resolve("crash-2.out")));
        assertThat(summary.get("hours").asLong()).isEqualTo(hours - before.size()); // resumed after the delivered hours
        assertThat(Files.readString(tmp.resolve("crash-2.out.err"))).contains("resuming");

        List<ConsumerRecord<byte[], byte[]>> records = ReplayRunner.read(broker.bootstrap(), "crash");
        Set<String> seen = new HashSet<>();
        long duplicates = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (!seen.add(new String(r.key(), StandardCharsets.UTF_8))) {
                duplicates++;
            }
        }
        assertThat(seen).isEqualTo(allIds); // every valid event id is in the topic, none invented
        assertThat(records.size()).isEqualTo(allIds.size() + duplicates);
        // only the hours in flight at the kill are redone: at most MarkerWriter.AHEAD of them
        assertThat(duplicates).isLessThanOrEqualTo(partial).isLessThanOrEqualTo((long) MarkerWriter.AHEAD * perHour);
        System.err.printf("kill-and-restart: %d records before the kill, %d duplicates after the restart%n", partial, duplicates);
        assertThat(ReplayRunner.markersFor(broker.bootstrap(), "crash")).extracting(HourEndMarker::hour)
                .containsAll(List.of(from.toString(), to.toString()));
    }

    @Test
    void anUnreachableBrokerFailsFastWithAClearMessage() throws Exception {
        Path out = tmp.resolve("unreachable.out");
        long t0 = System.nanoTime();
        Process p = start(out, "--source", "synthetic", "--scale", "0.001", "--from", "2022-06-01T00",
                "--bootstrap", "127.0.0.1:" + io.ghactivity.testsupport.FreePorts.next(), "--connect-timeout", "PT5S",
                "--state-dir", tmp.resolve("state-unreachable").toString());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        String err = Files.readString(tmp.resolve("unreachable.out.err"));
        assertThat(err).contains("Kafka is not reachable at 127.0.0.1:").contains("no answer within 5 s").doesNotContain("\tat ");
        // one sentence: the only other line Java 17 may print is its notice about the incubator module (libdeflate)
        assertThat(err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))).hasSize(1);
        assertThat(Files.readString(out)).isEmpty();
        System.err.printf("unreachable broker reported after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
