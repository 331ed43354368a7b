package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.Marts;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.LocalS3;
import io.ghactivity.testsupport.RealSample;
import io.ghactivity.testsupport.s3faults.FaultPlan;
import io.ghactivity.testsupport.s3faults.FaultyS3Proxy;
import io.ghactivity.testsupport.s3faults.S3Fault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The loader reading an S3 lake through {@link FaultyS3Proxy}: faults within the SDK's retry budget leave the
 * warehouse exactly as a load from the same lake on disk (and as an independent recount); a fault that outlasts the
 * budget fails with one sentence naming S3 and its endpoint, loads nothing of the hour it hit, and a rerun after it
 * clears completes exactly. Under {@code load --watch} an outage is reported with its retry time, and once S3 is back —
 * still failing a third of the requests — every hour loads exactly.
 */
class S3FaultsIT {
    private static final String ROOT = "s3a://gh-lake/lake";
    @TempDir
    static Path tmp;
    static LocalS3 s3;
    static List<GhArchiveHour> hours;
    static long distinctEvents;

    @BeforeAll
    static void lakeOnS3AndOnDisk() throws Exception {
        List<byte[]> lines = RealSample.PINOT_2021_07_21.eventLines();
        distinctEvents = IndependentCounts.events(lines).size();
        Path local = tmp.resolve("lake");
        Map<GhArchiveHour, HourManifest> manifests = LakeFixture.write(local, lines, 2);
        hours = manifests.keySet().stream().sorted().toList();
        s3 = LocalS3.start(tmp.resolve("s3"), "gh-lake");
        System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
        try (S3Client client = s3.client()) {
            S3LakeCopy.upload(client, local, manifests.values(), "gh-lake", "lake");
        }
        try (DuckDbWarehouseWriter disk = DuckDbWarehouseWriter.open(tmp.resolve("disk.duckdb"));
             Lake lake = Lake.open(local.toString(), S3Options.AWS_DEFAULT)) {
            new HourWatcher(new HourLoader(disk, lake, LoadListener.NONE), disk, lake).loadPending(x -> { });
        }
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void faultsWithinTheRetryBudgetLeaveTheWarehouseExact() throws Exception {
        FaultPlan plan = FaultPlan.seeded(1616, 0.5, S3Fault.values());
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ofMillis(200))) {
            CliResult r = load(proxy, "faults.duckdb");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).hasSize(hours.size()).allMatch(l -> l.contains("\"status\":\"loaded\""));
            System.out.println("S3FaultsIT faults within the budget: " + proxy.summary());
            for (S3Fault f : S3Fault.values()) {
                assertThat(proxy.injected(f)).as(f + " injected: " + proxy.summary()).isPositive();
            }
        }
        assertExact("faults.duckdb");
    }

    @Test
    void aFaultThatOutlastsTheBudgetFailsOnlyItsHourWithOneSentenceAndARerunCompletes() throws Exception {
        GhArchiveHour hit = hours.get(1);
        FaultPlan plan = FaultPlan.none().always(r -> r.isGetOf("/events/" + LakeLayout.partitionPath(hit) + "/"), S3Fault.INTERNAL_ERROR_500);
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ZERO)) {
            CliResult r = load(proxy, "outlasted.duckdb");
            assertThat(r.code()).isEqualTo(1);
            String failed = r.out().lines().filter(l -> l.contains("\"status\":\"failed\"")).findFirst().orElseThrow();
            assertThat(failed).contains("\"hour\":\"" + hit + "\"", "S3 at " + proxy.endpoint(), "HTTP 500 InternalError",
                    "after " + S3Options.MAX_ATTEMPTS + " of " + S3Options.MAX_ATTEMPTS + " attempts", "nothing of " + hit + " was loaded");
            assertThat(r.out().lines().filter(l -> l.contains("\"status\":\"loaded\""))).hasSize(hours.size() - 1);
            assertThat(r.err()).doesNotContain("\tat ", "Exception");
            assertThat(proxy.injected(S3Fault.INTERNAL_ERROR_500)).isEqualTo(S3Options.MAX_ATTEMPTS);
            try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("outlasted.duckdb")); Connection c = w.connect()) {
                String at = HourSql.timestamp(hit);
                assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.LOAD_LOG + " WHERE event_hour = " + at)).containsExactly("0|");
                assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.HOURLY_TOTALS + " WHERE event_hour = " + at)).containsExactly("0|");
            }
            plan.clearRules();
            CliResult rerun = load(proxy, "outlasted.duckdb");
            assertThat(rerun.code()).as(rerun.err()).isZero();
            assertThat(rerun.out().lines().toList()).containsExactly(rerun.out().lines().filter(l -> l.contains("\"hour\":\"" + hit + "\"")
                    && l.contains("\"status\":\"loaded\"")).findFirst().orElseThrow());
        }
        assertExact("outlasted.duckdb");
    }

    @Test
    void anOutageFailsTheLoadWithOneLineNamingS3AndItsEndpointAndLoadsNothing() throws Exception {
        FaultPlan plan = FaultPlan.none();
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ZERO)) {
            plan.outage(true);
            CliResult r = load(proxy, "outage.duckdb");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().lines().toList()).containsExactly("load: S3 at " + proxy.endpoint()
                    + " failed while reading the manifest list " + ROOT + "/_manifests/events/: HTTP 503 SlowDown after "
                    + S3Options.MAX_ATTEMPTS + " of " + S3Options.MAX_ATTEMPTS + " attempts (the retry budget)");
            try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("outage.duckdb")); Connection c = w.connect()) {
                assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.FACT_EVENTS)).containsExactly("0|");
            }
            plan.outage(false);
            CliResult rerun = load(proxy, "outage.duckdb");
            assertThat(rerun.code()).as(rerun.err()).isZero();
        }
        assertExact("outage.duckdb");
    }

    @Test
    void theWatchReportsAnOutageAndLoadsEveryHourExactlyOnceS3IsBackButFlaky() throws Exception {
        FaultPlan plan = FaultPlan.seeded(4242, 0.33, S3Fault.values());
        plan.outage(true);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        List<LoadResult> results = new CopyOnWriteArrayList<>();
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ofMillis(200))) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try (Lake lake = Lake.open(ROOT, new S3Options(proxy.endpoint(), true, LocalS3.REGION));
                 DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("watch.duckdb"))) {
                HourWatcher watcher = new HourWatcher(new HourLoader(w, lake, LoadListener.NONE), w, lake,
                        new HourWatcher.Backoff(Duration.ofMillis(500), Duration.ofSeconds(3)));
                Thread t = new Thread(() -> {
                    try {
                        watcher.watch(Duration.ofMillis(300), results::add);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                try {
                    await(() -> err.toString(StandardCharsets.UTF_8).contains("retrying in"));
                    plan.outage(false);
                    await(() -> hours.stream().allMatch(h -> results.stream()
                            .anyMatch(r -> r.hour().equals(h.toString()) && r.status() == LoadResult.Status.LOADED)));
                } finally {
                    watcher.stop();
                    t.join(TimeUnit.SECONDS.toMillis(60));
                }
            } finally {
                System.setErr(oldErr);
            }
            System.out.println("S3FaultsIT watch through an outage and flaky S3: " + proxy.summary()
                    + "; watch stderr:\n" + err.toString(StandardCharsets.UTF_8));
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("S3 at " + proxy.endpoint()).contains("retrying in");
            assertThat(proxy.injected(S3Fault.SLOW_DOWN_503)).as("503s in the outage and after: " + proxy.summary()).isPositive();
            assertThat(proxy.failedRequests()).as("faults once S3 was back: " + proxy.summary())
                    .isGreaterThan(proxy.injected(S3Fault.SLOW_DOWN_503));
        }
        assertExact("watch.duckdb");
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 3 minutes").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static CliResult load(FaultyS3Proxy proxy, String db) {
        return LoadFailuresIT.run("load", "--lake", ROOT, "--warehouse", "duckdb:" + tmp.resolve(db),
                "--pending", "--s3-endpoint", proxy.endpoint(), "--s3-path-style");
    }

    /** Same marts and facts as the load from disk, and as many facts as distinct ids in the input. */
    private static void assertExact(String db) throws Exception {
        try (DuckDbWarehouseWriter fromDisk = DuckDbWarehouseWriter.open(tmp.resolve("disk.duckdb"));
             DuckDbWarehouseWriter fromS3 = DuckDbWarehouseWriter.open(tmp.resolve(db));
             Connection d = fromDisk.connect(); Connection s = fromS3.connect()) {
            Snapshot.assertSame(s, d);
            assertThat(Snapshot.rows(s, "SELECT COUNT(*) FROM " + Marts.FACT_EVENTS)).containsExactly(distinctEvents + "|");
            assertThat(Snapshot.rows(s, "SELECT COUNT(*) FROM " + Marts.LOAD_LOG)).containsExactly(hours.size() + "|");
        }
    }
}
