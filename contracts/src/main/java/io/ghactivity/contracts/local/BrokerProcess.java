package io.ghactivity.contracts.local;

import io.ghactivity.contracts.cli.Ports;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The project's own local broker (exactly what {@code gh-activity broker} runs: {@code broker/target/broker.jar} plus
 * {@code broker/target/lib/*}) started in a child JVM, for the benchmarks and the tests: free ports on 127.0.0.1, its
 * own data dir, a hard start timeout, stderr to {@code broker-stderr.log} in the data dir, and a kill on JVM exit so a
 * failed run never leaves a broker behind.
 *
 * <p>The broker announces readiness with {@link #READY_PREFIX} on stdout; that line is the contract between the broker
 * module and everything that starts it.
 */
public final class BrokerProcess implements AutoCloseable {
    /** The broker prints this, then the bootstrap address, once clients can connect. */
    public static final String READY_PREFIX = "gh-activity broker ready: bootstrap=";

    private final Process process;
    private final String bootstrap;
    private final Path dataDir;
    private final Thread killer;

    /**
     * How to start one broker.
     *
     * @param projectRoot  the checkout holding {@code broker/target} (built by {@code make build} or the reactor)
     * @param dataDir      broker storage, created if missing; reusing it restarts on the same data
     * @param port         client port, 0 = a free one
     * @param jvmOptions   heap and GC flags for the child JVM
     * @param startTimeout give up (and kill it) if it is not ready by then
     */
    public record Options(Path projectRoot, Path dataDir, int port, List<String> jvmOptions, Duration startTimeout) {
        public Options {
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    /** The broker did not start; the message says why and where its log is. */
    public static final class StartFailure extends IOException {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private BrokerProcess(Process process, String bootstrap, Path dataDir, Thread killer) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.dataDir = dataDir;
        this.killer = killer;
    }

    /** Starts the broker and waits until clients can connect. */
    public static BrokerProcess start(Options o) throws IOException {
        Path target = o.projectRoot().resolve("broker/target");
        if (!Files.exists(target.resolve("broker.jar")) || !Files.isDirectory(target.resolve("lib"))) {
            throw new StartFailure("the broker is not built (" + target + "): run `make build` first", null);
        }
        Files.createDirectories(o.dataDir());
        Path log = o.dataDir().resolve("broker-stderr.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(o.jvmOptions());
        cmd.addAll(List.of("-cp", target.resolve("broker.jar") + File.pathSeparator + target.resolve("lib") + "/*",
                "io.ghactivity.broker.LocalKafkaBroker",
                "--port", Integer.toString(o.port() == 0 ? Ports.free() : o.port()),
                "--controller-port", Integer.toString(Ports.free()),
                "--data-dir", o.dataDir().toString(),
                // The broker's own timeout fires first, so its log says what it was waiting for.
                "--start-timeout", o.startTimeout().minusSeconds(10).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().put(ParentWatch.ENV, ParentWatch.STDIN); // dies with us even if we are killed (the hook is not run then)
        Process p = pb.start();
        Thread killer = new Thread(p::destroyForcibly, "kill-broker-" + p.pid());
        Runtime.getRuntime().addShutdownHook(killer);
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> awaitReadyLine(p));
        try {
            return new BrokerProcess(p, ready.get(o.startTimeout().toSeconds(), TimeUnit.SECONDS), o.dataDir(), killer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            Processes.removeHook(killer);
            throw new StartFailure("interrupted while the broker started", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            Processes.removeHook(killer);
            throw new StartFailure("the local broker did not start within " + o.startTimeout().toSeconds()
                    + " s; its log (" + log + "):\n" + tail(log), e);
        }
    }

    private static String awaitReadyLine(Process p) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(READY_PREFIX)) {
                    // Keep reading so the broker never blocks on a full stdout pipe.
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "broker-stdout-" + p.pid());
                    drain.setDaemon(true);
                    drain.start();
                    return line.substring(READY_PREFIX.length()).split(" ")[0];
                }
            }
            throw new IllegalStateException("the broker exited with code " + p.waitFor());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last 40 lines of a log file, for error messages. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public int port() {
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String logTail() {
        return tail(dataDir.resolve("broker-stderr.log"));
    }

    /** Stops the broker like Ctrl-C does (clean shutdown), killing it if that takes longer than 30 s. */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(30));
        Processes.removeHook(killer);
    }

    /** Kills the broker without a clean shutdown (crash tests). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Processes.removeHook(killer);
    }
}
