package io.ghactivity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.FreePorts;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.ProjectPaths;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * End to end, exactly as a user runs it: {@code gh-activity demo --source dir:… --exit-when-done} over GH Archive-named
 * hour files built from the real samples, with bad lines and duplicates mixed in. The summary it prints and the
 * dashboard API over the warehouse it leaves must equal an independent count over the same input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GhArchiveHour FROM = GhArchiveHour.parse("2021-07-21T06");
    private static final GhArchiveHour TO = GhArchiveHour.parse("2021-07-21T10");

    /** Under target/ so the demo's logs stay for a look after a failure; `mvn clean` removes them. */
    private Path tmp;

    private final Map<String, JsonNode> uniqueValid = new LinkedHashMap<>();
    private long badLines;
    private JsonNode summary;
    private Path workdir;

    @BeforeAll
    void runTheDemo() throws Exception {
        Files.createDirectories(Path.of("target"));
        tmp = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "demo-it-");
        Path input = tmp.resolve("hours");
        Map<GhArchiveHour, List<byte[]>> byHour = new TreeMap<>();
        for (byte[] line : RealSample.PINOT_2021_07_21.eventLines()) {
            JsonNode e = JSON.readTree(line);
            byHour.computeIfAbsent(GhArchiveHour.containing(Instant.parse(e.get("created_at").asText())), h -> new ArrayList<>()).add(line);
        }
        // Bad input mixed in: not JSON, an object without id, a bad created_at, and duplicates of real events.
        List<byte[]> first = byHour.get(FROM);
        first.add("{not json".getBytes(StandardCharsets.UTF_8));
        first.add("{\"type\":\"PushEvent\",\"created_at\":\"2021-07-21T06:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        first.add("{\"id\":\"1\",\"type\":\"PushEvent\",\"created_at\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8));
        first.add(first.get(0));
        byHour.get(GhArchiveHour.parse("2021-07-21T08")).add(first.get(1));
        for (Map.Entry<GhArchiveHour, List<byte[]>> e : byHour.entrySet()) {
            HourFiles.write(input, e.getKey(), e.getValue());
        }
        // 2021-07-21T10 has no file: a missing hour the demo must report and not wait for.
        for (List<byte[]> lines : byHour.values()) {
            for (byte[] line : lines) {
                JsonNode e = parseOrNull(line);
                if (e != null && e.hasNonNull("id") && e.path("created_at").asText().endsWith("Z") && e.path("created_at").asText().length() == 20) {
                    uniqueValid.putIfAbsent(e.get("id").asText(), e);
                } else {
                    badLines++;
                }
            }
        }

        workdir = tmp.resolve("work");
        List<String> stdout = run(List.of("demo", "--source", "dir:" + input, "--from", FROM.toString(), "--to", TO.toString(),
                "--workdir", workdir.toString(), "--port", Integer.toString(FreePorts.next()),
                "--broker-port", Integer.toString(FreePorts.nextPair()), "--exit-when-done", "--timeout", "PT8M"), Duration.ofMinutes(12));
        summary = JSON.readTree(stdout.get(stdout.size() - 1));
    }

    @Test
    @Timeout(60)
    void summaryEqualsAnIndependentCountOfTheInput() {
        assertThat(summary.get("events").asLong()).isEqualTo(uniqueValid.size()).isEqualTo(800);
        assertThat(summary.get("dlq").asLong()).isEqualTo(badLines).isEqualTo(3);
        Map<String, Long> perType = new TreeMap<>();
        long[] perHour = new long[24];
        for (JsonNode e : uniqueValid.values()) {
            perType.merge(e.get("type").asText(), 1L, Long::sum);
            perHour[Instant.parse(e.get("created_at").asText()).atZone(ZoneOffset.UTC).getHour()]++;
        }
        Map<String, Long> reportedTypes = new TreeMap<>();
        summary.get("per_type").fields().forEachRemaining(f -> reportedTypes.put(f.getKey(), f.getValue().asLong()));
        assertThat(reportedTypes).isEqualTo(perType);
        for (int h = 0; h < 24; h++) {
            assertThat(summary.get("per_hour_of_day").get(Integer.toString(h)).asLong()).as("hour %d", h).isEqualTo(perHour[h]);
        }
    }

    @Test
    @Timeout(180)
    void dashboardApiOverTheDemoWarehouseShowsTheSameNumbers() throws Exception {
        int port = FreePorts.next();
        Process dashboard = start(List.of("dashboard", "--warehouse", "duckdb:" + workdir.resolve("warehouse.duckdb"),
                "--port", Integer.toString(port)));
        try {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode apiSummary = awaitJson(http, "http://127.0.0.1:" + port + "/api/summary");
            assertThat(apiSummary.get("events").asLong()).isEqualTo(uniqueValid.size());
            assertThat(apiSummary.get("actors").asLong()).isEqualTo(uniqueValid.values().stream()
                    .map(e -> e.path("actor").path("id").asText()).distinct().count());
            assertThat(apiSummary.get("repos").asLong()).isEqualTo(uniqueValid.values().stream()
                    .map(e -> e.path("repo").path("id").asText()).distinct().count());
            Map<String, Long> apiTypes = new HashMap<>();
            awaitJson(http, "http://127.0.0.1:" + port + "/api/event-types")
                    .forEach(t -> apiTypes.put(t.get("type").asText(), t.get("events").asLong()));
            summary.get("per_type").fields().forEachRemaining(f -> assertThat(apiTypes).containsEntry(f.getKey(), f.getValue().asLong()));
        } finally {
            dashboard.destroy();
            dashboard.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static JsonNode parseOrNull(byte[] line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode awaitJson(HttpClient http, String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
            } catch (IOException notYet) {
                // the dashboard is still starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no answer from " + url);
            }
            Thread.sleep(300);
        }
    }

    private Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProjectPaths.root().resolve("bin/gh-activity").toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(args.get(0) + ".log").toFile()).start();
    }

    private List<String> run(List<String> args, Duration timeout) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProjectPaths.root().resolve("bin/gh-activity").toString());
        cmd.addAll(args);
        Path out = tmp.resolve("demo.out");
        Path err = tmp.resolve("demo.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
            p.destroyForcibly();
            throw new AssertionError("demo did not finish within " + timeout + ":\n" + Files.readString(err));
        }
        assertThat(p.exitValue()).as("demo exit code; stderr:\n%s", Files.readString(err)).isZero();
        return Files.readAllLines(out);
    }
}
