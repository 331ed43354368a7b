package io.ghactivity.bench.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command end to end at a tiny scale, so that it keeps working against the loader's API: a synthetic
 * lake of two hours, loaded into a real DuckDB file, and a report whose row count is what the lake holds.
 */
class LoaderBenchmarkTest {
    @Test
    void loadsTheGeneratedHoursAndReportsThem(@TempDir Path dir) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exit = Cli.execute(new LoaderBenchmark(), "--hours", "2", "--scale", "0.0005", "--dir", dir.toString());
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).isZero();
        String json = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{\"hours\"")).findFirst().orElseThrow();
        JsonNode r = new ObjectMapper().readTree(json);
        assertThat(r.get("hours").asInt()).isEqualTo(2);
        assertThat(r.get("rows").asLong()).isPositive();
        assertThat(Files.exists(dir.resolve("bench.duckdb"))).isTrue();
    }
}
