package io.ghactivity.bench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.loader.LoadCommand;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.RealSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command end to end over a real DuckDB file opened read-only (the standalone dashboard's way in), built
 * the way the pipeline builds it: a lake of real events, loaded by the real loader. Every endpoint answers 200 through
 * HTTP and the report has a p95 for each.
 */
class DashboardBenchmarkTest {
    @Test
    void measuresEveryEndpointOverAReadOnlyWarehouseFile(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        Path file = dir.resolve("warehouse.duckdb");
        int hours = LakeFixture.write(lake, RealSample.PINOT_2021_07_21.eventLines(), 2).size();
        String report = stdoutOf(() -> {
            assertThat(Cli.execute(new LoadCommand(), "--lake", lake.toString(), "--warehouse", "duckdb:" + file,
                    "--pending")).as("load").isZero();
            assertThat(Cli.execute(new DashboardBenchmark(), "--warehouse", "duckdb:" + file, "--requests", "8"))
                    .as("bench-dashboard").isZero();
        });
        String json = report.lines().filter(l -> l.startsWith("{\"loaded_hours\"")).findFirst().orElseThrow();
        JsonNode r = new ObjectMapper().readTree(json);
        assertThat(r.get("loaded_hours").asLong()).isEqualTo(hours).isEqualTo(4);
        for (String endpoint : new String[] {"summary", "traffic-by-hour", "event-types", "timeline", "status"}) {
            assertThat(r.get(endpoint).get("p95").asDouble()).as(endpoint).isPositive();
        }
        assertThat(r.has("repos most") || r.has("repos least")).isTrue();
    }

    private static String stdoutOf(Runnable commands) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            commands.run();
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
