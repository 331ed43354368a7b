package io.ghactivity.bench.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The validator benchmark end to end on a tiny synthetic hour, so that it keeps working against the producer's and
 * contracts' API: every step reports a figure and the fast and Jackson validations agree on every line.
 */
class ValidatorBenchmarkTest {
    @Test
    void measuresEveryStepOnASmallHour() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exit = Cli.execute(new ValidatorBenchmark(), "--scale", "0.002", "--rounds", "1");
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("gunzip (java.util.zip", "UTF-8 check", "validate: Jackson only", "validate: fast scan");
        assertThat(report.lines().filter(l -> l.startsWith("valid lines: ")).findFirst().orElseThrow())
                .matches("valid lines: ([0-9,]+) of \\1 .*");
    }
}
