package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.RealSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transient error does not make {@code load --watch} give up on an hour: a Parquet file its manifest lists is briefly
 * gone from the lake (a real read error in DuckDB), the watch reports the failure with its retry time, keeps loading
 * the other hours, tries again with growing waits, and loads the hour exactly once the file is back — without any
 * change to the manifest.
 */
class WatchRetryIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void anHourWhoseFileIsBrieflyMissingIsRetriedWithBackoffAndLoadedOnceItIsBack() throws Exception {
        Path lake = tmp.resolve("lake");
        Map<GhArchiveHour, HourManifest> manifests = LakeFixture.write(lake, RealSample.PINOT_2021_07_21.eventLines(), 2);
        GhArchiveHour broken = manifests.keySet().iterator().next();
        Path file = lake.resolve(manifests.get(broken).files().get(0).path());
        Path aside = tmp.resolve("aside.parquet");
        Files.move(file, aside);

        List<LoadResult> results = new CopyOnWriteArrayList<>();
        try (Lake l = Lake.open(lake.toString(), S3Options.AWS_DEFAULT);
             DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("w.duckdb"))) {
            HourWatcher watcher = new HourWatcher(new HourLoader(w, l, LoadListener.NONE), w, l,
                    new HourWatcher.Backoff(Duration.ofMillis(300), Duration.ofSeconds(2)));
            Thread t = new Thread(() -> {
                try {
                    watcher.watch(Duration.ofMillis(100), results::add);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            try {
                await(results, r -> r.hour().equals(broken.toString()) && r.status() == LoadResult.Status.FAILED
                        && r.error().contains("retrying in") && r.error().contains("(attempt 3)"));
                // Meanwhile every other hour loaded, once.
                for (GhArchiveHour h : manifests.keySet()) {
                    if (!h.equals(broken)) {
                        assertThat(results).filteredOn(r -> r.hour().equals(h.toString()) && r.status() == LoadResult.Status.LOADED).hasSize(1);
                    }
                }
                List<LoadResult> failures = results.stream().filter(r -> r.status() == LoadResult.Status.FAILED).toList();
                assertThat(failures).allSatisfy(r -> assertThat(r.hour()).isEqualTo(broken.toString()));
                assertThat(failures.get(0).error()).contains("retrying in 0.3 s (attempt 2)");
                assertThat(failures.get(1).error()).contains("retrying in 0.6 s (attempt 3)");

                Files.move(aside, file); // the file is back, the manifest unchanged
                await(results, r -> r.hour().equals(broken.toString()) && r.status() == LoadResult.Status.LOADED);
            } finally {
                watcher.stop();
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(watcher.pending()).isEmpty();
            try (Connection c = w.connect()) {
                assertThat(Snapshot.rows(c, "SELECT count(*) FROM github_events WHERE event_hour = " + HourSql.timestamp(broken)))
                        .containsExactly(manifests.get(broken).rows() + "|");
            }
        }
    }

    private static void await(List<LoadResult> results, Predicate<LoadResult> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (results.stream().noneMatch(wanted)) {
            assertThat(System.nanoTime()).as("waited 60 s; results: %s", results).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
