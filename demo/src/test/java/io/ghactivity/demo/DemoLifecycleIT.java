package io.ghactivity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.local.WarehouseOwner;
import io.ghactivity.testsupport.FreePorts;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.ProjectPaths;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running demo, operated on from another terminal and then killed, with real processes throughout:
 * <ol>
 *   <li>a second demo on the same workdir is refused in one sentence;</li>
 *   <li>{@code load --hour H --force} and {@code check --hour H} against its live warehouse are sent to the demo (it
 *       holds DuckDB's single-writer lock) and answer exactly like the local commands, exit codes included;</li>
 *   <li>{@code kill -9} of the demo: every child it started (broker, stream) is gone within seconds, the ports are
 *       free, and {@code demo} again in the same workdir resumes and ends with every event exactly once.</li>
 * </ol>
 */
class DemoLifecycleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GhArchiveHour FROM = GhArchiveHour.parse("2021-07-21T06");
    private static final GhArchiveHour TO = GhArchiveHour.parse("2021-07-21T09");
    private static final GhArchiveHour SOME_HOUR = GhArchiveHour.parse("2021-07-21T07");

    @Test
    @Timeout(900)
    void liveOperationsGoThroughTheDemoAndAKilledDemoLeavesNothingBehindAndResumes() throws Exception {
        Files.createDirectories(Path.of("target"));
        Path tmp = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "demo-lifecycle-");
        Path input = tmp.resolve("hours");
        Map<GhArchiveHour, List<byte[]>> byHour = new TreeMap<>();
        for (byte[] line : RealSample.PINOT_2021_07_21.eventLines()) {
            JsonNode e = JSON.readTree(line);
            byHour.computeIfAbsent(GhArchiveHour.containing(Instant.parse(e.get("created_at").asText())), h -> new ArrayList<>()).add(line);
        }
        for (Map.Entry<GhArchiveHour, List<byte[]>> e : byHour.entrySet()) {
            HourFiles.write(input, e.getKey(), e.getValue());
        }
        Path workdir = tmp.resolve("work");
        int brokerPort = FreePorts.nextPair();
        int port = FreePorts.next();
        List<String> demoArgs = List.of("demo", "--source", "dir:" + input, "--from", FROM.toString(), "--to", TO.toString(),
                "--workdir", workdir.toString(), "--port", Integer.toString(port), "--broker-port", Integer.toString(brokerPort));
        Path warehouse = workdir.resolve("warehouse.duckdb");
        String lake = workdir.resolve("lake").toString();

        Process demo = start(demoArgs, tmp.resolve("demo-1"));
        try {
            awaitText(tmp.resolve("demo-1.err"), "all 4 hours loaded", demo);
            assertThat(WarehouseOwner.find(warehouse)).as("the demo publishes itself as the warehouse's owner").isPresent();

            Process twin = start(demoArgs, tmp.resolve("demo-twin"));
            assertThat(twin.waitFor(2, TimeUnit.MINUTES)).as("a second demo on the same workdir gives up").isTrue();
            assertThat(twin.exitValue()).isEqualTo(1);
            assertThat(Files.readString(tmp.resolve("demo-twin.err"))).contains("another demo is running with the workdir")
                    .doesNotContain("\tat ");

            Run forced = run(tmp, "load", "--lake", lake, "--warehouse", "duckdb:" + warehouse, "--hour", SOME_HOUR.toString(), "--force");
            assertThat(forced.code()).as(forced.toString()).isZero();
            JsonNode loaded = JSON.readTree(forced.stdout().get(0));
            assertThat(loaded.get("status").asText()).isEqualTo("loaded");
            assertThat(loaded.get("rows").asLong()).isEqualTo(byHour.get(SOME_HOUR).size());
            assertThat(forced.stderr()).contains("sending the request to it");

            Run again = run(tmp, "load", "--lake", lake, "--warehouse", "duckdb:" + warehouse, "--hour", SOME_HOUR.toString());
            assertThat(again.code()).as(again.toString()).isZero();
            assertThat(JSON.readTree(again.stdout().get(0)).get("status").asText()).isEqualTo("skipped");

            Run noManifest = run(tmp, "load", "--lake", lake, "--warehouse", "duckdb:" + warehouse, "--hour", "2021-07-21T15");
            assertThat(noManifest.code()).as(noManifest.toString()).isEqualTo(4);
            assertThat(noManifest.stderr()).contains("no manifest for 2021-07-21T15");

            Run check = run(tmp, "check", "--warehouse", "duckdb:" + warehouse, "--hour", SOME_HOUR.toString());
            assertThat(check.code()).as(check.toString()).isZero();
            assertThat(check.stdout()).isNotEmpty().allSatisfy(l -> assertThat(JSON.readTree(l).get("passed").asBoolean()).isTrue());

            Run notLoaded = run(tmp, "check", "--warehouse", "duckdb:" + warehouse, "--hour", "2021-07-21T15");
            assertThat(notLoaded.code()).as(notLoaded.toString()).isEqualTo(1);
            assertThat(notLoaded.stderr()).contains("is not loaded");

            Run pending = run(tmp, "load", "--lake", lake, "--warehouse", "duckdb:" + warehouse, "--pending");
            assertThat(pending.code()).as(pending.toString()).isEqualTo(1);
            assertThat(pending.stderr()).contains("running demo").doesNotContain("Exception");

            assertThat(Files.readString(tmp.resolve("demo-1.err"))).contains("load " + SOME_HOUR + " --force requested from another terminal");

            // kill -9: the children go with it, the ports come free.
            List<ProcessHandle> children = recordedChildren(workdir);
            assertThat(children).as("broker and stream recorded in run/").hasSizeGreaterThanOrEqualTo(2);
            demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(children).as("children of the killed demo").noneMatch(ProcessHandle::isAlive);
            for (int p : new int[] {brokerPort, brokerPort + 1, port}) {
                try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    assertThat(s.getLocalPort()).isEqualTo(p);
                }
            }
            assertThat(WarehouseOwner.find(warehouse)).as("a killed owner is not an owner").isEmpty();
        } finally {
            demo.destroyForcibly();
        }

        // The same command in the same workdir resumes and ends exact.
        List<String> resume = new ArrayList<>(demoArgs);
        resume.addAll(List.of("--exit-when-done", "--timeout", "PT6M"));
        Process second = start(resume, tmp.resolve("demo-2"));
        assertThat(second.waitFor(8, TimeUnit.MINUTES)).as("the resumed demo finishes").isTrue();
        assertThat(second.exitValue()).as(Files.readString(tmp.resolve("demo-2.err"))).isZero();
        List<String> out = Files.readAllLines(tmp.resolve("demo-2.out"));
        assertThat(JSON.readTree(out.get(out.size() - 1)).get("events").asLong()).isEqualTo(800);
        assertThat(Files.readString(tmp.resolve("demo-2.err"))).contains("did not stop cleanly");
        assertThat(WarehouseOwner.find(warehouse)).isEmpty();

        // With no demo running the same check opens the warehouse itself.
        Run local = run(tmp, "check", "--warehouse", "duckdb:" + warehouse, "--hour", SOME_HOUR.toString());
        assertThat(local.code()).as(local.toString()).isZero();
        assertThat(local.stderr()).doesNotContain("sending the request");
    }

    private record Run(int code, List<String> stdout, String stderr) {
    }

    private static Run run(Path tmp, String... args) throws Exception {
        Path base = Files.createTempFile(tmp, args[0], "");
        Process p = start(List.of(args), base);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("gh-activity %s finishes", List.of(args)).isTrue();
        return new Run(p.exitValue(), Files.readAllLines(Path.of(base + ".out")), Files.readString(Path.of(base + ".err")));
    }

    private static Process start(List<String> args, Path base) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProjectPaths.root().resolve("bin/gh-activity").toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectOutput(Path.of(base + ".out").toFile()).redirectError(Path.of(base + ".err").toFile()).start();
    }

    private static void awaitText(Path file, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (!(Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text))) {
            assertThat(p.isAlive()).as("the demo runs; its stderr:\n%s", Files.exists(file) ? Files.readString(file) : "").isTrue();
            assertThat(System.nanoTime()).as("'%s' within 8 minutes", text).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static List<ProcessHandle> recordedChildren(Path workdir) throws IOException {
        List<ProcessHandle> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(workdir.resolve("run"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".pid")).toList()) {
                String pid = Files.readString(f).trim().split(" ")[0];
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(out::add);
            }
        }
        return out;
    }
}
