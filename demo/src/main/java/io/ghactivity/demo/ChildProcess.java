package io.ghactivity.demo;

import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One {@code gh-activity <command>} run as a child process, exactly as a user would start it: its own JVM and
 * classpath (the broker and Spark need different Kafka versions), stdout and stderr to {@code logs/<name>.log}.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static ChildProcess start(Path launcher, Path logs, String name, List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(args);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            return new ChildProcess(name, p, out, err);
        } catch (IOException e) {
            throw new UserError("cannot start '" + String.join(" ", cmd) + "': " + e.getMessage(), e);
        }
    }

    /** Waits until a line of its stdout or log matches, failing with the log if it exits or the time runs out first. */
    String awaitLine(Predicate<String> ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = Stream.concat(stdoutLines().stream(), lines(stderr).stream()).filter(ready).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                throw new UserError(name + " exited with code " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            Thread.sleep(200);
        }
        throw new UserError(name + " was not ready within " + timeout + ":\n" + logTail());
    }

    List<String> stdoutLines() {
        return lines(stdout);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    String logTail() {
        List<String> lines = lines(stderr);
        return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 25), lines.size()))
                + "\n  (full log: " + stderr + ")";
    }

    Path log() {
        return stderr;
    }

    /** Asks the child to stop like Ctrl-C does (clean shutdown), and kills it if it takes longer than the grace time. */
    void stop(Duration grace) {
        Processes.stop(process, grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
