package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.testsupport.FaultyProxy;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.LocalS3;
import io.ghactivity.testsupport.RealSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 faults between the loader and a real local S3 server ({@link FaultyProxy} in front of s3proxy: HTTP 503 Slow Down,
 * connection resets, connections cut mid-transfer, slow starts). An outage longer than the SDK's retries fails
 * {@code load --pending} with a one-sentence error and nothing half-written; under {@code load --watch} the same outage
 * is reported with its retry time, and once S3 recovers — still dropping a third of the connections — every hour loads,
 * the warehouse identical to one loaded from the same lake on disk.
 */
class S3FaultsIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void anOutageFailsCleanlyAndTheWatchRecoversExactlyThroughFlakyS3() throws Exception {
        Path local = tmp.resolve("lake");
        Map<GhArchiveHour, HourManifest> manifests = LakeFixture.write(local, RealSample.PINOT_2021_07_21.eventLines(), 2);
        try (LocalS3 s3 = LocalS3.start(tmp.resolve("s3"), "gh-lake"); S3Client client = s3.client();
             FaultyProxy proxy = FaultyProxy.start(URI.create(s3.endpoint()).getPort(), 16)) {
            System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
            String root = S3LakeIT.upload(local, manifests, client, false);

            proxy.faults(1.0, FaultyProxy.Fault.SLOW_DOWN_503, FaultyProxy.Fault.RESET); // S3 down: every connection fails
            Path outageWarehouse = tmp.resolve("outage.duckdb");
            CliResult down = LoadFailuresIT.run("load", "--lake", root, "--warehouse", "duckdb:" + outageWarehouse,
                    "--pending", "--s3-endpoint", proxy.endpoint(), "--s3-path-style");
            assertThat(down.code()).as(down.err()).isEqualTo(1);
            assertThat(down.err()).contains("load: cannot read the lake " + root).contains("run the same command again")
                    .doesNotContain("\tat ");
            try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(outageWarehouse); Connection c = w.connect()) {
                assertThat(Snapshot.rows(c, "SELECT count(*) FROM load_log")).containsExactly("0|");
                assertThat(Snapshot.rows(c, "SELECT count(*) FROM github_events")).containsExactly("0|");
            }

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream oldErr = System.err;
            List<LoadResult> results = new CopyOnWriteArrayList<>();
            long faultsInTheOutage;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try (Lake lake = Lake.open(root, new S3Options(proxy.endpoint(), true, LocalS3.REGION));
                 DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("s3.duckdb"))) {
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
                    faultsInTheOutage = proxy.faults();
                    proxy.faults(0.33); // S3 is back, flaky: every kind of fault on a third of the connections
                    await(() -> manifests.keySet().stream().allMatch(h -> results.stream()
                            .anyMatch(r -> r.hour().equals(h.toString()) && r.status() == LoadResult.Status.LOADED)));
                } finally {
                    watcher.stop();
                    t.join(TimeUnit.SECONDS.toMillis(60));
                }
            } finally {
                System.setErr(oldErr);
            }
            System.err.println("S3FaultsIT: " + proxy.requests() + " requests on " + proxy.connections() + " connections, " + proxy.faults() + " faults injected;"
                    + " watch stderr:\n" + err.toString(StandardCharsets.UTF_8));
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("load: looking for closed hours failed").contains("retrying in");
            assertThat(proxy.faults()).as("faults while S3 was flaky").isGreaterThan(faultsInTheOutage);
        }
        try (DuckDbWarehouseWriter fromDisk = DuckDbWarehouseWriter.open(tmp.resolve("disk.duckdb"));
             Lake lake = Lake.open(local.toString(), S3Options.AWS_DEFAULT); Connection d = fromDisk.connect()) {
            new HourWatcher(new HourLoader(fromDisk, lake, LoadListener.NONE), fromDisk, lake).loadPending(x -> { });
            try (DuckDbWarehouseWriter fromS3 = DuckDbWarehouseWriter.open(tmp.resolve("s3.duckdb")); Connection s = fromS3.connect()) {
                assertThat(Snapshot.of(s)).isEqualTo(Snapshot.of(d));
            }
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 3 minutes").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
