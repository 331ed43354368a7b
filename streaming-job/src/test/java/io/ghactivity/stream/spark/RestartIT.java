package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.stream.core.TriggerSpec;
import io.ghactivity.testsupport.KafkaBrokerProcess;
import io.ghactivity.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: {@code bin/gh-activity stream} runs as its own process and is killed with SIGKILL in the middle of its
 * run (batches of 150 records, so the kill lands while files are being written or committed); a new run on the same
 * checkpoint then finishes. Every event must be in the lake exactly once and every manifest must list exactly the
 * files holding its hour's events.
 */
class RestartIT {
    static final GhArchiveHour FIRST = GhArchiveHour.parse("2022-06-10T00");
    static final int HOURS = 4;
    static final int PER_HOUR = 600;

    @Test
    @Timeout(420)
    void killedMidRunThenRestartedOnTheSameCheckpointLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("lake").toString();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"));
             TopicFixture topics = new TopicFixture(broker.bootstrap(), "crash", 2)) {
            Set<Long> expected = new HashSet<>();
            GhArchiveHour h = FIRST;
            for (int i = 0; i < HOURS; i++, h = h.next()) {
                List<String> lines = TestEvents.hourOfPushes(h, 100_000L * (i + 1), PER_HOUR);
                lines.forEach(l -> expected.add(TestEvents.parse(l).id()));
                topics.sendEvents(lines);
                topics.sendEvents(lines.subList(0, 20)); // duplicates across batch boundaries
                topics.sendMarker(h, lines.size());
            }

            Path log = dir.resolve("stream-1.log");
            Process first = new ProcessBuilder(ProjectPaths.root().resolve("bin/gh-activity").toString(), "stream",
                    "--lake", lake, "--bootstrap", broker.bootstrap(), "--topic", topics.events,
                    "--control-topic", topics.control, "--trigger", "1s", "--max-offsets-per-trigger", "150",
                    "--master", "local[2]", "--run-id", "doomed", "--conf", "spark.sql.shuffle.partitions=2",
                    // its lake lease outlives the kill by at most 6 s: the restart below waits that long, then takes over
                    "--conf", StreamJob.LEASE_SECONDS + "=6")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitBatches(Path.of(lake, "_metrics/stream"), 4, first, log);
                Thread.sleep(700); // land inside a later batch, not just after a commit
            } finally {
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(countFiles(Path.of(lake, "_metrics/stream"))).as("killed before it finished")
                    .isLessThan((HOURS * (PER_HOUR + 20)) / 150 + 1);

            StreamJob second = StreamJobIT.run(topics.config(lake, TriggerSpec.AVAILABLE_NOW, "survivor")
                    .withMaxOffsetsPerTrigger(400));
            assertThat(second.state().openHours()).isEmpty();

            LakeReader reader = new LakeReader(SparkTestSession.get(), lake);
            assertThat(reader.allIds()).doesNotHaveDuplicates().hasSize(expected.size());
            assertThat(new HashSet<>(reader.allIds())).isEqualTo(expected);
            Set<Long> inManifests = new HashSet<>();
            h = FIRST;
            for (int i = 0; i < HOURS; i++, h = h.next()) {
                HourManifest m = reader.manifest(h);
                assertThat(m).as("manifest of %s", h).isNotNull();
                Set<Long> ids = reader.idsOfManifest(m);
                assertThat(ids).hasSize(PER_HOUR);
                inManifests.addAll(ids);
            }
            assertThat(inManifests).isEqualTo(expected);
        }
    }

    private static void awaitBatches(Path metrics, int n, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (countFiles(metrics) < n) {
            if (!p.isAlive()) {
                throw new AssertionError("the stream process exited early (" + p.exitValue() + "):\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + n + " batches within 240 s:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).count();
        }
    }
}
