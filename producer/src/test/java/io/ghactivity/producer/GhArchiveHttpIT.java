package io.ghactivity.producer;


import static io.ghactivity.producer.ReplayRunner.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.producer.source.HttpFetcher;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.KafkaBrokerExtension;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            Files.writeString(cache.resolve(partial.fileName() + ".part.validator"), FakeGhArchive.etag(partialFile));

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
            assertThat(gh.ifRanges).contains(partial.fileName() + " " + FakeGhArchive.etag(partialFile),
                    cut.fileName() + " " + FakeGhArchive.etag(gh.files.get(cut.fileName())));
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

    /**
     * Issue 16: an HTTP 200 whose body is an HTML page (a proxy, a captive portal) was cached as the hour, replayed as
     * one corrupt_gzip DLQ record and recorded as delivered, never to be fetched again. It is a failed download now.
     */
    @Test
    void anHtmlPageWithStatus200IsAFailedDownloadRetriedReportedAndNeverDelivered() throws Exception {
        Path cache = tmp.resolve("cache-html");
        Path state = tmp.resolve("state-html");
        try (FakeGhArchive gh = new FakeGhArchive()) {
            GhArchiveHour portalTwice = GhArchiveHour.parse("2037-01-01T00");
            GhArchiveHour portalForever = portalTwice.next();
            gh.files.put(portalTwice.fileName(), hourFile(0));
            gh.htmlPage.put(portalTwice.fileName(), new AtomicInteger(2));
            gh.files.put(portalForever.fileName(), hourFile(1));
            gh.htmlPage.put(portalForever.fileName(), new AtomicInteger(1_000));
            String[] args = {"--source", "gharchive", "--gharchive-url", gh.url(), "--cache-dir", cache.toString(),
                    "--retry-base-delay", "PT0.05S", "--http-retries", "3", "--from", portalTwice.toString(),
                    "--to", portalForever.toString(), "--bootstrap", broker.bootstrap(), "--topic", "html",
                    "--state-dir", state.toString()};

            assertThatThrownBy(() -> ReplayRunner.run(args)).isInstanceOf(UserError.class)
                    .hasMessageContaining("giving up on " + gh.url() + "/" + portalForever.fileName() + " after 3 retries")
                    .hasMessageContaining("HTTP 200 with a body that is not the file (Content-Type text/html, starts with \"<!DOCTYPE html>");
            // The first hour got through on its third request and is delivered; the second is not, and nothing of it
            // is cached, sent to the DLQ or recorded as delivered.
            assertThat(Files.readAllLines(state.resolve("delivered-hours"))).containsExactly(portalTwice.toString());
            assertThat(Files.readAllBytes(cache.resolve(portalTwice.fileName()))).isEqualTo(gh.files.get(portalTwice.fileName()));
            assertThat(Files.list(cache).map(p -> p.getFileName().toString())).containsExactly(portalTwice.fileName());
            assertThat(ReplayRunner.dlqOf(broker.bootstrap(), List.of(portalTwice.fileName(), portalForever.fileName()))).isEmpty();

            gh.htmlPage.clear(); // the network is back: the same command fetches the hour it could not
            ReplayTotals s = ReplayRunner.run(args);
            assertThat(s.hours()).isEqualTo(1);
            assertThat(s.events()).isEqualTo(200);
            assertThat(ReplayRunner.read(broker.bootstrap(), "html")).hasSize(400);
        }
    }

    /** Issue 16: a resume had no If-Range, so a file replaced upstream between two attempts was spliced. */
    @Test
    void aResumedDownloadOfAFileReplacedUpstreamStartsOverInsteadOfSplicing() throws Exception {
        Path cache = tmp.resolve("cache-if-range");
        try (FakeGhArchive gh = new FakeGhArchive()) {
            String name = "2038-01-01-0.json.gz";
            byte[] before = hourFile(0);
            byte[] after = hourFile(1);
            gh.files.put(name, before);
            gh.cutMidway.put(name, new AtomicInteger(1));
            HttpFetcher fetcher = new HttpFetcher(0, Duration.ofMillis(10), Duration.ofSeconds(30), System.err,
                    io.ghactivity.producer.source.GhArchiveSource.GZIP_MAGIC);
            URI url = URI.create(gh.url() + "/" + name);
            Path target = cache.resolve(name);
            assertThatThrownBy(() -> fetcher.download(url, target)).isInstanceOf(IOException.class); // cut, no retries left
            // The server sent half; the HTTP client may drop the last bytes it buffered when the connection breaks, so
            // the part holds at most that (a CI run saw 32,671 of 47,245), and the resume asks from where it ends.
            long partSize = Files.size(cache.resolve(name + ".part"));
            assertThat(partSize).isPositive().isLessThanOrEqualTo(before.length / 2);

            gh.files.put(name, after); // replaced upstream before the resume
            assertThat(fetcher.download(url, target)).isTrue();

            assertThat(Files.readAllBytes(target)).isEqualTo(after); // not half of one version and the rest of another
            assertThat(gh.ifRanges).containsExactly(name + " " + FakeGhArchive.etag(before));
            assertThat(gh.requests).containsExactly(name + " null", name + " bytes=" + partSize + "-");
            assertThat(cache.resolve(name + ".part.validator")).doesNotExist();

            // A part left without a validator (an older version of the replay) cannot be checked: it starts over.
            String legacy = "2038-01-01-1.json.gz";
            gh.files.put(legacy, after);
            Files.write(cache.resolve(legacy + ".part"), Arrays.copyOf(before, 1000));
            assertThat(fetcher.download(URI.create(gh.url() + "/" + legacy), cache.resolve(legacy))).isTrue();
            assertThat(Files.readAllBytes(cache.resolve(legacy))).isEqualTo(after);
            assertThat(gh.requests).contains(legacy + " null");
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

    /**
     * Issue 16: in follow mode a permanently missing hour blocked every later hour for --max-publish-delay (6 h) and
     * was forgotten on restart. Now a later published hour ends the wait at once; the gap is kept in the state, looked
     * for again (also by the next run), delivered when it appears, and reported missing when its time is up.
     */
    @Test
    void followModeGoesPastAGapKeepsLookingForItAcrossARestartAndDeliversItWhenItAppears() throws Exception {
        Path state = tmp.resolve("state-gaps");
        try (FakeGhArchive gh = new FakeGhArchive()) {
            GhArchiveHour h0 = GhArchiveHour.parse("2039-01-01T00");
            GhArchiveHour gap = h0.next();
            GhArchiveHour h2 = gap.next();
            gh.files.put(h0.fileName(), hourFile(0));
            gh.files.put(h2.fileName(), hourFile(1));
            String[] args = {"--source", "gharchive", "--gharchive-url", gh.url(), "--cache-dir", tmp.resolve("cache-gaps").toString(),
                    "--from", h0.toString(), "--follow", "--poll-interval", "PT0.2S", "--max-publish-delay", "P36500D",
                    "--missing-retry-for", "P36500D", "--bootstrap", broker.bootstrap(), "--topic", "gaps",
                    "--state-dir", state.toString()};

            Replay first = ReplayRunner.replay(args);
            CompletableFuture<ReplayTotals> running = runAsync(first);
            assertThat(awaitMarkers("gaps", 2)).extracting(HourEndMarker::hour).containsExactly(h0.toString(), h2.toString());
            first.stop();
            assertThat(running.get(60, TimeUnit.SECONDS).missingHours()).isEmpty(); // not given up: still looked for
            assertThat(Files.readAllLines(state.resolve("follow-gaps"))).containsExactly("overdue " + gap);

            Replay second = ReplayRunner.replay(args); // a restart remembers the gap and keeps asking for it
            running = runAsync(second);
            long asked = gh.requests.stream().filter(r -> r.startsWith(gap.fileName())).count();
            awaitRequests(gh, gap.fileName(), asked + 2);
            gh.files.put(gap.fileName(), hourFile(2)); // published late
            assertThat(awaitMarkers("gaps", 3)).extracting(HourEndMarker::hour)
                    .containsExactly(h0.toString(), h2.toString(), gap.toString());
            second.stop();
            ReplayTotals s = running.get(60, TimeUnit.SECONDS);
            assertThat(s.hours()).isEqualTo(1);
            assertThat(s.missingHours()).isEmpty();
            assertThat(Files.readAllLines(state.resolve("follow-gaps"))).containsExactly("overdue " + gap, "found " + gap);
            assertThat(ReplayRunner.read(broker.bootstrap(), "gaps")).hasSize(600);
        }
    }

    @Test
    void followModeReportsAGapMissingOnceItsRetryTimeIsUp() throws Exception {
        Path state = tmp.resolve("state-gone");
        try (FakeGhArchive gh = new FakeGhArchive()) {
            GhArchiveHour h0 = GhArchiveHour.parse("2020-01-01T00"); // past hours: "a day after its end" has come
            GhArchiveHour gone = h0.next();
            gh.files.put(h0.fileName(), hourFile(0));
            gh.files.put(gone.next().fileName(), hourFile(1));
            Replay replay = ReplayRunner.replay("--source", "gharchive", "--gharchive-url", gh.url(),
                    "--cache-dir", tmp.resolve("cache-gone").toString(), "--from", h0.toString(), "--follow",
                    "--poll-interval", "PT0.2S", "--max-publish-delay", "P36500D", "--missing-retry-for", "PT1H",
                    "--bootstrap", broker.bootstrap(), "--topic", "gone", "--state-dir", state.toString());
            CompletableFuture<ReplayTotals> running = runAsync(replay);
            awaitMarkers("gone", 2);
            awaitRequests(gh, gone.fileName(), 2); // the look after the poll interval gives it up
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(state.resolve("follow-gaps")).contains("missing") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            replay.stop();
            assertThat(running.get(60, TimeUnit.SECONDS).missingHours()).containsExactly(gone);
            assertThat(Files.readAllLines(state.resolve("follow-gaps"))).containsExactly("overdue " + gone, "missing " + gone);
        }
    }

    private static CompletableFuture<ReplayTotals> runAsync(Replay replay) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return replay.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitRequests(FakeGhArchive gh, String name, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (gh.requests.stream().filter(r -> r.startsWith(name)).count() < n) {
            assertThat(System.nanoTime()).as("%d requests for %s", n, name).isLessThan(deadline);
            Thread.sleep(50);
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
