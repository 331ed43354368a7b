package io.ghactivity.producer;

import static io.ghactivity.producer.ReplayRunner.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.Topics;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.KafkaBrokerExtension;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gharchive source against a local HTTP server: 404, 500-then-success, a cut mid-file, a stall, resume, and follow mode. */
@Timeout(600)
class GhArchiveHttpIT {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final KafkaBrokerExtension broker = new KafkaBrokerExtension();


    /** 200 real 2021 events per hour file (the pinot sample has four such hours). */
    private static byte[] hourFile(int part) throws IOException {
        List<byte[]> lines = RealSample.PINOT_2021_07_21.eventLines().subList(part * 200, part * 200 + 200);
        Path dir = Files.createTempDirectory(tmp, "gz");
        return Files.readAllBytes(HourFiles.write(dir, GhArchiveHour.parse("2000-01-01T00"), lines));
    }

    @Test
    void downloadsWithRetriesAndResumeAndNeverCachesA404Body() throws Exception {
        Path cache = tmp.resolve("cache");
        try (FakeGhArchive gh = new FakeGhArchive()) {
            GhArchiveHour h0 = GhArchiveHour.parse("2034-01-01T00");
            GhArchiveHour missing = h0.next();
            GhArchiveHour flaky = missing.next();
            GhArchiveHour cut = flaky.next();
            GhArchiveHour partial = cut.next();
            gh.files.put(h0.fileName(), hourFile(0));
            gh.files.put(flaky.fileName(), hourFile(1));
            gh.failWith500.put(flaky.fileName(), new AtomicInteger(2));
            gh.files.put(cut.fileName(), hourFile(2));
            gh.cutMidway.put(cut.fileName(), new AtomicInteger(1));
            byte[] partialFile = hourFile(3);
            gh.files.put(partial.fileName(), partialFile);
            GhArchiveHour stalled = partial.next();
            gh.files.put(stalled.fileName(), hourFile(0));
            gh.stallMidway.put(stalled.fileName(), new AtomicInteger(1));
            // a previous run was stopped mid-download: the first 1000 bytes are already in the cache
            Files.createDirectories(cache);
            Files.write(cache.resolve(partial.fileName() + ".part"), Arrays.copyOf(partialFile, 1000));

            ReplayTotals s = ReplayRunner.run("--source", "gharchive", "--gharchive-url", gh.url(), "--cache-dir", cache.toString(),
                    "--retry-base-delay", "PT0.05S", "--http-stall-timeout", "PT1S", "--from", h0.toString(), "--to", stalled.toString(),
                    "--bootstrap", broker.bootstrap(), "--topic", "http", "--state-dir", tmp.resolve("state-http").toString());

            assertThat(s.missingHours()).containsExactly(missing);
            assertThat(s.hours()).isEqualTo(5);
            assertThat(s.events()).isEqualTo(1000);
            assertThat(s.dlq()).isZero();
            assertThat(Files.list(cache).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(h0.fileName(), flaky.fileName(), cut.fileName(), partial.fileName(), stalled.fileName());
            for (GhArchiveHour h : List.of(h0, flaky, cut, partial, stalled)) {
                assertThat(Files.readAllBytes(cache.resolve(h.fileName()))).as(h.toString()).isEqualTo(gh.files.get(h.fileName()));
            }
            assertThat(gh.requests).contains(partial.fileName() + " bytes=1000-"); // resumed, not restarted
            assertThat(gh.requests.stream().filter(r -> r.startsWith(flaky.fileName()))).hasSize(3); // 500, 500, 200
            assertThat(gh.requests.stream().filter(r -> r.startsWith(cut.fileName() + " bytes="))).hasSize(1); // resumed after the cut
            assertThat(gh.requests.stream().filter(r -> r.startsWith(stalled.fileName() + " bytes="))).hasSize(1); // dropped, resumed

            Map<String, Long> perFile = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : ReplayRunner.read(broker.bootstrap(), "http")) {
                perFile.merge(header(r, Topics.HEADER_SOURCE_FILE), 1L, Long::sum);
            }
            assertThat(perFile).containsOnlyKeys(h0.fileName(), flaky.fileName(), cut.fileName(), partial.fileName(), stalled.fileName())
                    .allSatisfy((f, n) -> assertThat(n).isEqualTo(200));
            assertThat(ReplayRunner.dlqOf(broker.bootstrap(), List.of(missing.fileName()))).isEmpty();
        }
    }

    @Test
    void followModePicksUpAnHourPublishedWhileItWaits() throws Exception {
        try (FakeGhArchive gh = new FakeGhArchive()) {
            GhArchiveHour h0 = GhArchiveHour.parse("2035-01-01T00");
            gh.files.put(h0.fileName(), hourFile(0));
            Replay replay = ReplayRunner.replay("--source", "gharchive", "--gharchive-url", gh.url(),
                    "--cache-dir", tmp.resolve("cache-follow").toString(), "--from", h0.toString(), "--follow",
                    "--poll-interval", "PT0.2S", "--max-publish-delay", "P36500D", // these test hours count as "recent"
                    "--bootstrap", broker.bootstrap(), "--topic", "follow", "--state-dir", tmp.resolve("state-follow").toString());
            CompletableFuture<ReplayTotals> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return replay.run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitMarkers("follow", 1);
            Thread.sleep(1000); // it now polls for the next hour, which answers 404: "not yet published"
            assertThat(running).isNotDone();
            gh.files.put(h0.next().fileName(), hourFile(1)); // GH Archive publishes the next hour
            List<HourEndMarker> markers = awaitMarkers("follow", 2);
            assertThat(markers).extracting(HourEndMarker::hour).containsExactly(h0.toString(), h0.next().toString());
            replay.stop();
            ReplayTotals s = running.get(60, TimeUnit.SECONDS);
            assertThat(s.hours()).isEqualTo(2);
            assertThat(s.events()).isEqualTo(400);
            assertThat(s.missingHours()).isEmpty();
            assertThat(ReplayRunner.read(broker.bootstrap(), "follow")).hasSize(400);
        }
    }

    private static List<HourEndMarker> awaitMarkers(String topic, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            List<HourEndMarker> m = ReplayRunner.markersFor(broker.bootstrap(), topic);
            if (m.size() >= n || System.nanoTime() > deadline) {
                assertThat(m).hasSize(n);
                return m;
            }
            Thread.sleep(200);
        }
    }
}
