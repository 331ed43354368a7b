package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's own surface: help, and clear one-line errors (no stack traces) for what a user gets wrong. */
class DashboardCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(new DashboardCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheOptions() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--warehouse", "--port", "--host", "8080", "127.0.0.1", "--max-queries", "--query-timeout",
                "--no-answer-cache");
    }

    @Test
    void queryLimitsOutOfRangeAreUsageErrors() {
        Run r = run("--warehouse", "duckdb:x.duckdb", "--max-queries", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--max-queries 0");
        r = run("--warehouse", "duckdb:x.duckdb", "--query-timeout", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--query-timeout 0");
    }

    @Test
    void aWarehouseThatIsNotDuckDbIsAUsageError() {
        Run r = run("--warehouse", "redshift:prod");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("duckdb:PATH").doesNotContain("at io.ghactivity");
    }

    @Test
    void aMissingWarehouseFileSaysWhatToDo(@TempDir Path dir) {
        Run r = run("--warehouse", "duckdb:" + dir.resolve("none.duckdb"), "--port", "0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("does not exist", "demo").doesNotContain("Exception");
    }

    @Test
    void aBadPortIsAUsageError() {
        Run r = run("--warehouse", "duckdb:x.duckdb", "--port", "70000");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--port 70000");
    }
}
