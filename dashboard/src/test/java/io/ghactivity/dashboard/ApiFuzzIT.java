package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.RealSample;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the API with schemathesis ({@code scripts/fuzz-api.sh}, its own venv) against a real dashboard on 127.0.0.1
 * over a small real warehouse (the pinot sample plus a type and a repo name holding markup): every generated request,
 * valid or not, must get an answer the OpenAPI document describes, and none a 5xx. The figures come from the HAR
 * file schemathesis writes (every request it sent and the status it got), not from its summary.
 */
class ApiFuzzIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCRIPT = Path.of("..", "scripts", "fuzz-api.sh");

    @Test
    void schemathesisFindsNoServerErrorAndNoAnswerTheDocumentDoesNotDescribe() throws Exception {
        List<SampleEvent> events = new ArrayList<>(SampleEvent.of(RealSample.PINOT_2021_07_21));
        GhArchiveHour h = GhArchiveHour.parse("2021-07-21T08");
        events.add(new SampleEvent(9_000_000_001L, "<img src=x onerror=\"alert(1)\">", h.startInstant(), 1L, 999_999_999L,
                "<script>x</script>/repo"));
        Path dir = Path.of("target", "fuzz");
        Files.createDirectories(dir);
        Path har = dir.resolve("api.har").toAbsolutePath();
        Files.deleteIfExists(har);
        try (TestWarehouse warehouse = TestWarehouse.inMemory().load(events)) {
            Javalin app = DashboardApp.create(new DashboardService(warehouse, Clock.systemUTC())).start("127.0.0.1", 0);
            try {
                Process p = new ProcessBuilder("bash", SCRIPT.toString(), "http://127.0.0.1:" + app.port(),
                        "--seed", "20261204", "--report", "har", "--report-har-path", har.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("schemathesis.log").toFile()).start();
                assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("schemathesis finished").isTrue();
                String log = Files.readString(dir.resolve("schemathesis.log"));
                assertThat(p.exitValue()).as("schemathesis exit code; its output:\n" + log).isZero();
            } finally {
                app.stop();
            }
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (JsonNode entry : JSON.readTree(har.toFile()).path("log").path("entries")) {
            statuses.merge(entry.path("response").path("status").asInt(), 1, Integer::sum);
        }
        int sent = statuses.values().stream().mapToInt(Integer::intValue).sum();
        long serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(Map.Entry::getValue).sum();
        System.out.printf("api fuzz: %d cases sent, %d server errors, statuses %s (target/fuzz/)%n", sent, serverErrors, statuses);
        assertThat(sent).as("cases sent").isGreaterThanOrEqualTo(100);
        assertThat(serverErrors).as("server errors").isZero();
        assertThat(statuses).containsKeys(200, 400);
    }
}
