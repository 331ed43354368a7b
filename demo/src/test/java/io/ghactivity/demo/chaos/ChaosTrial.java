package io.ghactivity.demo.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.testsupport.FreePorts;
import io.ghactivity.testsupport.ProjectPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One chaos trial, reproducible from its seed: start {@code gh-activity demo --exit-when-done} over {@link ChaosInput}
 * in a fresh workdir, {@code kill -9} one part at a random moment, restart what a user would restart (the same command
 * in the same workdir, only if the demo itself is gone), and check the warehouse against the independent recount: every
 * event once, every hour loaded once from a manifest closed once, and no process of the demo left behind.
 *
 * <p>The seed fixes the victim, the moment and the restart style; the machine's timing still varies, so a failing seed
 * shows the same kind of fault, not the very same interleaving.
 */
public final class ChaosTrial {
    /** What is killed. The loader and the dashboard run inside the demo's own process: killing them is killing DEMO. */
    public enum Victim { BROKER, REPLAY, STREAM, DEMO }

    /** What happened, for the report line. */
    public record Outcome(long seed, Victim victim, long delayMillis, String fault, int demoRuns, double seconds) {
        @Override
        public String toString() {
            return String.format("seed=%d victim=%s delay=%.1fs fault=\"%s\" demo-runs=%d %.0fs", seed, victim,
                    delayMillis / 1000.0, fault, demoRuns, seconds);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);
    /** ParentWatch halts a child 20 s after its parent died; a few seconds more for the kernel and the poll. */
    private static final Duration ORPHAN_LIMIT = Duration.ofSeconds(30);

    private final long seed;
    private final Path input;
    private final ChaosInput.Expected expected;
    private final Path dir;

    public ChaosTrial(long seed, Path input, ChaosInput.Expected expected, Path dir) {
        this.seed = seed;
        this.input = input;
        this.expected = expected;
        this.dir = dir;
    }

    public Outcome run() throws Exception {
        long t0 = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed); // well mixed even for small consecutive seeds
        Victim victim = Victim.values()[r.nextInt(Victim.values().length)];
        long delay = switch (victim) {
            // A trial runs ~30-60 s on 2 cores: moments drawn inside that, so most kills land while the victim works.
            case DEMO -> 2_000 + r.nextInt(28_000);
            case BROKER, STREAM -> 1_000 + r.nextInt(20_000);
            case REPLAY -> r.nextInt(1_500); // it delivers this little input within seconds of starting
        };
        boolean restartAtOnce = r.nextBoolean();
        Path workdir = dir.resolve("work");
        int brokerPort = FreePorts.nextPair();
        int dashboardPort = FreePorts.next();
        List<String> args = List.of("demo", "--source", "dir:" + input, "--from", ChaosInput.FROM.toString(),
                "--to", ChaosInput.TO.toString(), "--workdir", workdir.toString(), "--port", Integer.toString(dashboardPort),
                "--broker-port", Integer.toString(brokerPort), "--exit-when-done", "--timeout", "PT6M");
        say("seed=" + seed + ": kill -9 the " + victim.name().toLowerCase() + " " + (victim == Victim.DEMO ? "" : "once it runs + ")
                + delay + " ms" + (victim == Victim.DEMO ? " after start, restart " + (restartAtOnce ? "at once" : "once its children are gone") : "")
                + " (logs: " + dir + ")");

        Process demo = start(args, 1);
        int runs = 1;
        String fault = killAtTheMoment(victim, delay, demo, workdir);
        if (victim == Victim.DEMO && fault.startsWith("killed")) {
            demo.waitFor(30, TimeUnit.SECONDS);
            if (!restartAtOnce) {
                assertNoOrphans(workdir);
                assertFree(brokerPort, "broker port");
                assertFree(brokerPort + 1, "controller port");
                assertFree(dashboardPort, "dashboard port");
            }
            demo = start(args, ++runs);
        }
        int code = await(demo, runs);
        if (code != 0) {
            // The demo gave up (a crash loop, or a failure it does not restart from): a user runs it again.
            fault += "; demo run " + runs + " exited " + code + ", ran it again";
            demo = start(args, ++runs);
            code = await(demo, runs);
        }
        if (code != 0) {
            throw new AssertionError("seed " + seed + ": the demo failed twice after " + fault + "; stderr:\n" + stderr(runs));
        }
        if (victim != Victim.DEMO && fault.startsWith("killed") && runs == 1) {
            // Said by the demo's supervision, or at its stop when the kill came after the last round.
            String notice = "the " + victim.name().toLowerCase() + " stopped";
            String atStop = "the " + victim.name().toLowerCase() + " had already stopped";
            if (!stderr(runs).contains(notice) && !stderr(runs).contains(atStop)) {
                throw new AssertionError("seed " + seed + ": the demo did not say '" + notice + " …'; stderr:\n" + stderr(runs));
            }
        }
        verify(readSummary(runs), workdir);
        assertNoOrphans(workdir);
        return new Outcome(seed, victim, delay, fault, runs, (System.nanoTime() - t0) / 1e9);
    }

    /** Waits for the moment and kills the victim if it is running then; returns what was done. */
    private String killAtTheMoment(Victim victim, long delay, Process demo, Path workdir) throws Exception {
        if (victim == Victim.DEMO) {
            if (demo.waitFor(delay, TimeUnit.MILLISECONDS)) {
                return "none: the demo had finished before " + delay + " ms";
            }
            demo.destroyForcibly();
            return "killed the demo (pid " + demo.pid() + ")";
        }
        Path pidFile = workdir.resolve("run").resolve(victim.name().toLowerCase() + ".pid");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!Files.exists(pidFile)) {
            if (!demo.isAlive() || System.nanoTime() > deadline) {
                return "none: the " + victim.name().toLowerCase() + " never ran";
            }
            Thread.sleep(20);
        }
        Thread.sleep(delay);
        Optional<ProcessHandle> h = liveProcess(pidFile);
        if (h.isEmpty()) {
            return "none: the " + victim.name().toLowerCase() + " had stopped by then";
        }
        h.get().destroyForcibly();
        return "killed the " + victim.name().toLowerCase() + " (pid " + h.get().pid() + ")";
    }

    private void verify(JsonNode summary, Path workdir) throws Exception {
        check(summary.get("events").asLong() == expected.events(), "events " + summary.get("events") + " != " + expected.events());
        Map<String, Long> perType = new TreeMap<>();
        summary.get("per_type").fields().forEachRemaining(f -> perType.put(f.getKey(), f.getValue().asLong()));
        check(perType.equals(expected.perType()), "per type " + perType + " != " + expected.perType());
        Map<Integer, Long> perHourOfDay = new HashMap<>();
        expected.perHour().forEach((h, n) -> perHourOfDay.merge(h.start().getHour(), n, Long::sum));
        for (int h = 0; h < 24; h++) {
            long got = summary.get("per_hour_of_day").get(Integer.toString(h)).asLong();
            check(got == perHourOfDay.getOrDefault(h, 0L), "hour of day " + h + ": " + got + " != " + perHourOfDay.getOrDefault(h, 0L));
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + workdir.resolve("warehouse.duckdb"), readOnly);
             Statement st = c.createStatement()) {
            Map<GhArchiveHour, Long> facts = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("SELECT event_hour, count(*), count(DISTINCT id) FROM github_events GROUP BY 1")) {
                while (rs.next()) {
                    check(rs.getLong(2) == rs.getLong(3), "duplicate ids in " + rs.getTimestamp(1));
                    facts.put(hour(rs.getTimestamp(1)), rs.getLong(2));
                }
            }
            check(facts.equals(new TreeMap<>(expected.perHour())), "facts per hour " + facts + " != " + new TreeMap<>(expected.perHour()));
            try (ResultSet rs = st.executeQuery("SELECT event_hour, count(*), max(revision) FROM load_log GROUP BY 1")) {
                Map<GhArchiveHour, Long> loads = new TreeMap<>();
                while (rs.next()) {
                    check(rs.getLong(2) == 1, "load_log holds " + rs.getLong(2) + " rows for " + rs.getTimestamp(1));
                    check(rs.getInt(3) == 1, "hour " + rs.getTimestamp(1) + " was loaded at revision " + rs.getInt(3));
                    loads.put(hour(rs.getTimestamp(1)), rs.getLong(2));
                }
                check(loads.keySet().equals(expected.hours()), "hours loaded " + loads.keySet() + " != " + expected.hours());
            }
        }
        LakeLayout layout = new LakeLayout(workdir.resolve("lake").toString());
        for (GhArchiveHour h : expected.hours()) {
            Path m = Path.of(layout.manifest(h));
            HourManifest manifest = HourManifest.fromJson(Files.readAllBytes(m), m.toString());
            check(manifest.revision() == 1, "manifest of " + h + " has revision " + manifest.revision() + " (closed more than once)");
            check(manifest.rows() == expected.perHour().get(h), "manifest of " + h + " lists " + manifest.rows() + " rows");
        }
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("seed " + seed + ": " + what + " (logs: " + dir + ")");
        }
    }

    private static GhArchiveHour hour(java.sql.Timestamp t) {
        return GhArchiveHour.containing(t.toLocalDateTime().toInstant(ZoneOffset.UTC));
    }

    /** Every process the demo recorded in run/*.pid must be gone within ORPHAN_LIMIT. */
    private void assertNoOrphans(Path workdir) throws Exception {
        long deadline = System.nanoTime() + ORPHAN_LIMIT.toNanos();
        List<String> alive;
        do {
            alive = new ArrayList<>();
            try (Stream<Path> s = Files.list(workdir.resolve("run"))) {
                for (Path f : s.filter(p -> p.toString().endsWith(".pid")).toList()) {
                    Optional<ProcessHandle> h = liveProcess(f);
                    if (h.isPresent()) {
                        alive.add(f.getFileName() + "=" + h.get().pid());
                    }
                }
            }
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        for (String a : alive) {
            ProcessHandle.of(Long.parseLong(a.substring(a.indexOf('=') + 1))).ifPresent(ProcessHandle::destroyForcibly);
        }
        throw new AssertionError("seed " + seed + ": orphans still alive " + ORPHAN_LIMIT.toSeconds() + " s after the demo: " + alive);
    }

    private static Optional<ProcessHandle> liveProcess(Path pidFile) throws IOException {
        String[] parts;
        try {
            parts = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split(" ");
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        }
        if (parts.length != 2) {
            return Optional.empty();
        }
        Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive);
        return h.filter(p -> p.info().startInstant().map(i -> Long.toString(i.toEpochMilli()).equals(parts[1])).orElse(false));
    }

    private void assertFree(int port, String what) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("seed " + seed + ": the " + what + " " + port + " is still in use after the demo died");
        }
    }

    private Process start(List<String> args, int run) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProjectPaths.root().resolve("bin/gh-activity").toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("demo-" + run + ".out").toFile())
                .redirectError(dir.resolve("demo-" + run + ".err").toFile()).start();
    }

    private int await(Process demo, int run) throws Exception {
        if (!demo.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            demo.destroy();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
            throw new AssertionError("seed " + seed + ": demo run " + run + " did not finish within " + RUN_TIMEOUT + ":\n" + stderr(run));
        }
        return demo.exitValue();
    }

    private JsonNode readSummary(int run) throws IOException {
        List<String> out = Files.readAllLines(dir.resolve("demo-" + run + ".out"));
        check(!out.isEmpty(), "demo run " + run + " printed no summary");
        return JSON.readTree(out.get(out.size() - 1));
    }

    private String stderr(int run) throws IOException {
        Path f = dir.resolve("demo-" + run + ".err");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    static void say(String line) {
        System.out.println("chaos: " + line);
        System.out.flush();
    }
}
