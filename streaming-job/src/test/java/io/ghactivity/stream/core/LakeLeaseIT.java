package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.stream.spark.SparkSessions;
import io.ghactivity.testsupport.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One stream job per lake, on a local disk and on S3 (s3proxy): of jobs starting at the same instant one gets the lake;
 * a second job is refused while the first renews its lease; a holder that stopped renewing (killed) is taken over after one time to live and then finds it lost the lake;
 * a released lease is taken at once, and so is one whose holder was a process on this host that is gone.
 */
class LakeLeaseIT {
    private static final Duration TTL = Duration.ofSeconds(6); // slack for a loaded machine: renewals every second
    private static Path dir;
    private static LocalS3 s3;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("lake-lease");
        // Its own bucket: Hadoop caches one s3a client per bucket and JVM, and an earlier test's "lake" client points at
        // that test's (stopped) server.
        s3 = LocalS3.start(dir.resolve("s3"), "lease");
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    static Stream<String> stores() {
        return Stream.of("local", "s3a");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSecondJobIsRefusedWhileTheFirstRenews(String store) {
        LakeFs fs = fs(store);
        String lake = lake(store);
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
        try (LakeLease first = LakeLease.acquire(fs, lake, "job-1", TTL)) {
            renewer.scheduleWithFixedDelay(first::renew, 1000, 1000, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> LakeLease.acquire(fs, lake, "job-2", TTL)).isInstanceOf(UserError.class)
                    .hasMessageContaining("job-1").hasMessageContaining("second stream job on the same lake is refused");
            first.check();
        } finally {
            renewer.shutdownNow();
        }
        try (LakeLease next = LakeLease.acquire(fs, lake, "job-2", TTL)) {
            next.check(); // released by the first: taken without waiting for it to expire
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    @Timeout(120)
    void ofJobsStartingAtTheSameInstantExactlyOneGetsTheLake(String store) throws Exception {
        LakeFs fs = fs(store);
        String lake = lake(store);
        int jobs = 4;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(jobs);
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(jobs);
        // A granted lease renews, as a running job's does: a start that saw it and waits must then be refused.
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
        try {
            List<java.util.concurrent.Future<LakeLease>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                String owner = "job-" + i;
                starts.add(pool.submit(() -> {
                    together.await();
                    LakeLease lease = LakeLease.acquire(fs, lake, owner, TTL);
                    renewer.scheduleWithFixedDelay(lease::renew, 1000, 1000, TimeUnit.MILLISECONDS);
                    return lease;
                }));
            }
            List<LakeLease> winners = new java.util.ArrayList<>();
            int refused = 0;
            for (java.util.concurrent.Future<LakeLease> start : starts) {
                try {
                    winners.add(start.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(UserError.class);
                    refused++;
                }
            }
            assertThat(winners).as("leases granted").hasSize(1);
            assertThat(refused).isEqualTo(jobs - 1);
            renewer.shutdownNow();
            renewer.awaitTermination(10, TimeUnit.SECONDS);
            winners.get(0).check();
            winners.get(0).close();
        } finally {
            renewer.shutdownNow();
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSilentHolderIsTakenOverAfterItsLeaseExpiresAndThenKnowsItLostTheLake(String store) {
        LakeFs fs = fs(store);
        String lake = lake(store);
        LakeLease killed = LakeLease.acquire(fs, lake, "killed-job", TTL); // never renewed, never closed
        try (LakeLease restarted = LakeLease.acquire(fs, lake, "restarted-job", TTL)) {
            restarted.check();
            assertThatThrownBy(killed::check).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lost the lease").hasMessageContaining("restarted-job");
            assertThatThrownBy(killed::renew).isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    @Timeout(120)
    void aHolderWhoseProcessOnThisHostIsGoneIsTakenOverWithoutWaitingForItsLease(String store) throws Exception {
        LakeFs fs = fs(store);
        String lake = lake(store);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String deadOwner = LakeLease.ownerName("killed-run").replaceFirst("/\\d+@", "/" + gone.pid() + "@");
        assertThat(LakeLease.deadOnThisHost(deadOwner)).isTrue();
        assertThat(LakeLease.deadOnThisHost(LakeLease.ownerName("this-run"))).isFalse(); // this JVM is alive
        assertThat(LakeLease.deadOnThisHost("killed-run/" + gone.pid() + "@another-host")).isFalse(); // cannot tell there

        Duration longTtl = Duration.ofMinutes(10); // waiting for this lease to expire would time the test out
        LakeLease killed = LakeLease.acquire(fs, lake, deadOwner, longTtl); // never renewed, never closed
        try (LakeLease restarted = LakeLease.acquire(fs, lake, LakeLease.ownerName("restarted-run"), longTtl)) {
            restarted.check();
            assertThatThrownBy(killed::check).isInstanceOf(IllegalStateException.class).hasMessageContaining("lost the lease");
        }
    }

    private static LakeFs fs(String store) {
        Configuration conf = new Configuration();
        if (store.equals("s3a")) {
            SparkSessions.s3aEndpoint(s3.endpoint(), LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)
                    .forEach((k, v) -> conf.set(k.substring("spark.hadoop.".length()), v)); // as Hadoop keys
        }
        return new LakeFs(conf);
    }

    private static String lake(String store) {
        String name = "lake-" + UUID.randomUUID();
        return store.equals("s3a") ? "s3a://lease/" + name : dir.resolve(name).toString();
    }
}
