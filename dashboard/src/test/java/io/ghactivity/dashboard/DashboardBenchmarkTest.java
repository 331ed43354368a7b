package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.testsupport.RealSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command end to end over a real DuckDB file opened read-only (the standalone dashboard's way in):
 * every endpoint answers 200 through HTTP and the report has a p95 for each.
 */
class DashboardBenchmarkTest {
    @Test
    void measuresEveryEndpointOverAReadOnlyWarehouseFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("warehouse.duckdb");
        try (TestWarehouse wh = TestWarehouse.open("jdbc:duckdb:" + file)) {
            wh.load(SampleEvent.of(RealSample.PINOT_2021_07_21));
        }
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exit = Cli.execute(new DashboardBenchmark(), "--warehouse", "duckdb:" + file, "--requests", "8");
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        String json = report.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        JsonNode r = new ObjectMapper().readTree(json);
        assertThat(r.get("loaded_hours").asLong()).isEqualTo(4);
        for (String endpoint : new String[] {"summary", "traffic-by-hour", "event-types", "timeline", "status"}) {
            assertThat(r.get(endpoint).get("p95").asDouble()).as(endpoint).isPositive();
        }
        assertThat(r.has("repos most") || r.has("repos least")).isTrue();
    }
}
