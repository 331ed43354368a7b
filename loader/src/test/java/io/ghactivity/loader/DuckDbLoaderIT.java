package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.Marts;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.RealSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the lake built from every real sample into a real DuckDB file and checks each mart against the input. */
class DuckDbLoaderIT {
    @TempDir
    static Path tmp;
    static List<byte[]> lines;
    static List<IndependentCounts.Event> events;
    static Map<GhArchiveHour, HourManifest> manifests;
    static Lake lake;
    static DuckDbWarehouseWriter warehouse;

    @BeforeAll
    static void loadEverything() throws Exception {
        lines = Arrays.stream(RealSample.values()).flatMap(s -> s.eventLines().stream()).toList();
        events = IndependentCounts.events(lines);
        manifests = LakeFixture.write(tmp.resolve("lake"), lines, 2);
        // An uncommitted file left in a partition: a loader that globbed the partition would double the hour.
        HourManifest biggest = manifests.values().stream().max((a, b) -> Long.compare(a.rows(), b.rows())).orElseThrow();
        Path listed = Path.of(biggest.files().get(0).path());
        Files.copy(listed, listed.resolveSibling("part-orphan-of-a-failed-batch.parquet"));
        lake = Lake.open(tmp.resolve("lake").toString(), S3Options.AWS_DEFAULT);
        warehouse = DuckDbWarehouseWriter.open(tmp.resolve("wh.duckdb"));
        HourWatcher watcher = new HourWatcher(new HourLoader(warehouse, lake, LoadListener.NONE), warehouse, lake);
        List<LoadResult> results = watcher.loadPending(r -> { });
        assertThat(results).hasSize(manifests.size()).allMatch(r -> r.status() == LoadResult.Status.LOADED);
    }

    @AfterAll
    static void close() {
        warehouse.close();
    }

    @Test
    void countsPerHourAndTypeEqualAnIndependentCountOfTheInput() throws Exception {
        Map<String, Long> expected = events.stream().collect(Collectors.groupingBy(
                e -> GhArchiveHour.ofEpochHour(e.hour()).start() + "|" + e.type() + "|", TreeMap::new, Collectors.counting()));
        try (Connection c = warehouse.connect()) {
            List<String> actual = Snapshot.rows(c, "SELECT event_hour, event_type, events FROM " + Marts.HOURLY_ACTIVITY);
            assertThat(actual).containsExactlyElementsOf(expected.entrySet().stream()
                    .map(e -> e.getKey() + e.getValue() + "|").sorted().toList());
            assertThat(Snapshot.rows(c, "SELECT SUM(events) FROM " + Marts.HOURLY_TOTALS)).containsExactly(events.size() + "|");
            assertThat(Snapshot.rows(c, "SELECT SUM(events) FROM " + Marts.DAILY_TOTALS)).containsExactly(events.size() + "|");
            assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.FACT_EVENTS)).containsExactly(events.size() + "|");
            assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.LOAD_LOG)).containsExactly(manifests.size() + "|");
            assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.QUALITY_CHECKS + " WHERE NOT passed")).containsExactly("0|");
        }
        assertThat(events).hasSize(Arrays.stream(RealSample.values()).mapToInt(RealSample::documentedEventCount).sum());
    }

    @Test
    void distinctGapsGiveExactDistinctActorsAndReposOverArbitraryRanges() throws Exception {
        List<Long> hours = events.stream().map(IndependentCounts.Event::hour).distinct().sorted().toList();
        List<String> types = new ArrayList<>(List.of(Marts.ALL_TYPES, "PushEvent", "WatchEvent", "IssueCommentEvent"));
        Random random = new Random(42);
        List<long[]> ranges = new ArrayList<>(List.of(new long[] {hours.get(0), hours.get(hours.size() - 1)},
                new long[] {hours.get(1), hours.get(1)}, new long[] {hours.get(0) - 5, hours.get(0) + 3}));
        for (int i = 0; i < 20; i++) {
            long a = hours.get(random.nextInt(hours.size())) - random.nextInt(3);
            long b = a + random.nextInt(48);
            ranges.add(new long[] {a, b});
        }
        try (Connection c = warehouse.connect()) {
            for (long[] r : ranges) {
                for (String type : types) {
                    for (String entity : List.of(Marts.ENTITY_ACTOR, Marts.ENTITY_REPO)) {
                        long expected = events.stream().filter(e -> e.hour() >= r[0] && e.hour() <= r[1])
                                .filter(e -> type.equals(Marts.ALL_TYPES) || type.equals(e.type()))
                                .map(e -> entity.equals(Marts.ENTITY_ACTOR) ? e.actor() : e.repo())
                                .filter(x -> x != null).distinct().count();
                        String sql = "SELECT COALESCE(SUM(n), 0) FROM " + Marts.DISTINCT_GAPS + " WHERE entity = '" + entity
                                + "' AND event_type = '" + type + "' AND cur_hour BETWEEN " + r[0] + " AND " + r[1]
                                + " AND prev_hour < " + r[0];
                        assertThat(Snapshot.rows(c, sql)).as("%s %s in [%d, %d]", entity, type, r[0], r[1])
                                .containsExactly(expected + "|");
                    }
                }
            }
        }
    }

    @Test
    void forcedReloadChangesNothingAndAPlainReloadIsSkipped() throws Exception {
        HourLoader loader = new HourLoader(warehouse, lake, LoadListener.NONE);
        try (Connection c = warehouse.connect()) {
            Map<String, List<String>> before = Snapshot.of(c);
            for (GhArchiveHour h : manifests.keySet()) {
                assertThat(loader.load(h, false).status()).isEqualTo(LoadResult.Status.SKIPPED);
                assertThat(loader.load(h, true).status()).isEqualTo(LoadResult.Status.LOADED);
            }
            assertThat(Snapshot.of(c)).isEqualTo(before);
        }
    }

    @Test
    void repoNamesHasTheIdIndexTheDashboardsNameLookupNeeds() throws Exception {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM duckdb_indexes()"
                     + " WHERE table_name = 'repo_names' AND expressions LIKE '%repo_id%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void outOfOrderLoadsGiveTheSameMartsAsInOrder() throws Exception {
        List<GhArchiveHour> shuffled = new ArrayList<>(manifests.keySet());
        Collections.shuffle(shuffled, new Random(7));
        try (DuckDbWarehouseWriter other = DuckDbWarehouseWriter.open(tmp.resolve("shuffled.duckdb"));
             Connection a = warehouse.connect(); Connection b = other.connect()) {
            HourLoader loader = new HourLoader(other, lake, LoadListener.NONE);
            for (GhArchiveHour h : shuffled) {
                loader.load(h, false);
            }
            loader.load(shuffled.get(shuffled.size() / 2), true); // and a forced reload in the middle of history
            assertThat(Snapshot.of(b)).isEqualTo(Snapshot.of(a));
        }
    }

    @Test
    void aLoadInterruptedAfterTheDeleteLeavesThePreviousStateIntact() throws Exception {
        GhArchiveHour hour = manifests.keySet().iterator().next();
        HourLoader crashing = new HourLoader(warehouse, lake, (h, step, s) -> {
            if (step == LoadListener.Step.FACT_REPLACED) {
                throw new IllegalStateException("injected crash after the hour's rows were deleted and re-inserted");
            }
        });
        try (Connection c = warehouse.connect()) {
            Map<String, List<String>> before = Snapshot.of(c);
            List<String> log = Snapshot.rows(c, "SELECT * FROM " + Marts.LOAD_LOG);
            assertThatThrownBy(() -> crashing.load(hour, true)).isInstanceOf(LoadFailure.class)
                    .hasMessageContaining("rolled back").hasMessageContaining("injected crash");
            assertThat(Snapshot.of(c)).isEqualTo(before);
            assertThat(Snapshot.rows(c, "SELECT * FROM " + Marts.LOAD_LOG)).isEqualTo(log);
        }
    }
}
