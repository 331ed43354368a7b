package io.ghactivity.demo;

import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.ParentWatch;
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

/**
 * One {@code gh-activity <command>} run as a child process, exactly as a user would start it: its own JVM and
 * classpath (the broker and Spark need different Kafka versions), stdout to {@code logs/<name>.out} (new each start:
 * ready lines and results), stderr appended to {@code logs/<name>.log} (kept across restarts, for a post-mortem).
 *
 * <p>The child's stdin is a pipe this process holds and never writes: with {@link ParentWatch#ENV} set, the child
 * stops when the pipe closes, which the kernel does when this process dies for any reason, {@code kill -9} included.
 * {@link #start()} again after it stopped runs the same command anew (the demo restarts a crashed child).
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path stdout;
    private final Path stderr;
    private Process process;
    private int starts;

    ChildProcess(Path launcher, Path logs, String name, List<String> args, Map<String, String> env) {
        this.name = name;
        this.command = new ArrayList<>();
        this.command.add(launcher.toString());
        this.command.addAll(args);
        this.env = Map.copyOf(env);
        this.stdout = logs.resolve(name + ".out");
        this.stderr = logs.resolve(name + ".log");
    }

    String name() {
        return name;
    }

    /** Starts (or starts again) the command; returns its process handle. */
    synchronized ProcessHandle start() {
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
            pb.environment().putAll(env);
            pb.environment().put(ParentWatch.ENV, ParentWatch.STDIN);
            process = pb.start(); // stdin stays a pipe, held open by the Process object until it is gone
            starts++;
            return process.toHandle();
        } catch (IOException e) {
            throw new UserError("cannot start '" + String.join(" ", command) + "': " + e.getMessage(), e);
        }
    }

    /** How many times it was started. */
    synchronized int starts() {
        return starts;
    }

    /** Waits until a line of its stdout matches, failing with the log if it exits or the time runs out first. */
    String awaitLine(Predicate<String> ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = stdoutLines().stream().filter(ready).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!isAlive()) {
                throw new UserError(name + " exited with code " + exitCode() + " before it was ready:\n" + logTail());
            }
            Thread.sleep(200);
        }
        throw new UserError(name + " was not ready within " + timeout + ":\n" + logTail());
    }

    /** True once a line of its stdout (this start) matches. */
    boolean printed(Predicate<String> line) {
        return stdoutLines().stream().anyMatch(line);
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

    /** True once {@link #start} ran. */
    synchronized boolean started() {
        return process != null;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized int exitCode() {
        return process.exitValue();
    }

    int waitFor() throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        return p.waitFor();
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
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null) {
            Processes.stop(p, grace);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
