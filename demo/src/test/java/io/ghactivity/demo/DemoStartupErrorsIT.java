package io.ghactivity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.testsupport.FreePorts;
import io.ghactivity.testsupport.ProjectPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the demo cannot start, through the real launcher: one readable sentence on stderr, exit code
 * 1, no stack trace, and nothing started (no broker data in the workdir).
 */
@Timeout(300)
class DemoStartupErrorsIT {
    @TempDir
    Path tmp;

    private record Outcome(int exitCode, String stderr) {
    }

    private Outcome demo(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProjectPaths.root().resolve("bin/gh-activity").toString(), "demo"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the demo gave up in time").isTrue();
        return new Outcome(p.exitValue(), Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8));
    }

    private static void assertReadableFailure(Outcome o, String expected) {
        assertThat(o.exitCode()).as(o.stderr()).isEqualTo(1);
        assertThat(o.stderr()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void aWorkdirFromAnotherVersionIsRefused() throws Exception {
        Path workdir = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(workdir.resolve("WORKDIR_VERSION"), "gh-activity-workdir 0\n");
        Outcome o = demo(Map.of(), "--workdir", workdir.toString(), "--exit-when-done");
        assertReadableFailure(o, "was written by another version of gh-activity");
        assertThat(o.stderr()).contains("pass a new --workdir");
        assertThat(workdir.resolve("broker")).doesNotExist();
    }

    @Test
    void aForeignNonEmptyDirectoryIsNotUsedAsWorkdir() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(foreign.resolve("holiday.jpg"), "not ours");
        Outcome o = demo(Map.of(), "--workdir", foreign.toString(), "--exit-when-done");
        assertReadableFailure(o, "is not empty and is not a gh-activity workdir");
        try (var files = Files.list(foreign)) {
            assertThat(files).containsExactly(foreign.resolve("holiday.jpg"));
        }
    }

    @Test
    void aDashboardPortInUseIsNamedWithItsOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path workdir = tmp.resolve("fresh");
            Outcome o = demo(Map.of(), "--workdir", workdir.toString(), "--port", Integer.toString(taken.getLocalPort()),
                    "--broker-port", Integer.toString(FreePorts.next()), "--exit-when-done");
            assertReadableFailure(o, "port " + taken.getLocalPort());
            assertThat(o.stderr()).contains("is in use").contains("--port");
            assertThat(workdir.resolve("broker")).doesNotExist();
        }
    }

    @Test
    void anUnreachableGhArchiveStopsBeforeAnythingStarts() throws Exception {
        int closed = FreePorts.next(); // nothing listens there
        Path workdir = tmp.resolve("offline");
        Outcome o = demo(Map.of(), "--workdir", workdir.toString(), "--source", "gharchive",
                "--gharchive-url", "http://127.0.0.1:" + closed, "--from", "2022-06-01T00", "--to", "2022-06-01T01",
                "--exit-when-done");
        assertReadableFailure(o, "GH Archive is not reachable at http://127.0.0.1:" + closed);
        assertThat(o.stderr()).contains("--source synthetic");
        assertThat(workdir.resolve("broker")).doesNotExist();
    }

    @Test
    void noJavaIsOneSentenceWithTheFix() throws Exception {
        Outcome o = demo(Map.of("JAVA_HOME", tmp.resolve("no-such-jdk").toString()), "--exit-when-done");
        assertReadableFailure(o, "Java 17 or newer is needed and none was found");
        assertThat(o.stderr()).contains("JAVA_HOME");
    }
}
