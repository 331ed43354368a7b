package io.ghactivity.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The project's real local broker ({@code gh-activity broker}) started in its own JVM for a test: random ports, a temp
 * data dir, a hard start timeout, and a kill on close or JVM exit so a failed test never leaves it running.
 *
 * <p>It runs exactly what users run: {@code broker/target/broker.jar} plus {@code broker/target/lib/*} (built by
 * {@code make build}, or by the reactor before any module that uses this class).
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String READY_PREFIX = "gh-activity broker ready: bootstrap=";

    private final Process process;
    private final String bootstrap;
    private final Path dataDir;
    private final Path log;
    private final Thread killer;

    private KafkaBrokerProcess(Process process, String bootstrap, Path dataDir, Path log, Thread killer) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.dataDir = dataDir;
        this.log = log;
        this.killer = killer;
    }

    /** Starts a broker with its data in {@code dataDir} (created if missing) and waits until clients can connect. */
    public static KafkaBrokerProcess start(Path dataDir) throws IOException {
        return start(dataDir, FreePorts.next());
    }

    /** Starts (or restarts on the same data) a broker on a given client port. */
    public static KafkaBrokerProcess start(Path dataDir, int port) throws IOException {
        Path brokerDir = ProjectPaths.root().resolve("broker/target");
        if (!Files.exists(brokerDir.resolve("broker.jar")) || !Files.isDirectory(brokerDir.resolve("lib"))) {
            throw new IllegalStateException("the broker is not built (" + brokerDir + "): run `make build` first");
        }
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("broker-stderr.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(javaBin, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", brokerDir.resolve("broker.jar") + java.io.File.pathSeparator + brokerDir.resolve("lib") + "/*",
                "io.ghactivity.broker.LocalKafkaBroker",
                "--port", Integer.toString(port), "--controller-port", Integer.toString(FreePorts.next()),
                "--data-dir", dataDir.toString(), "--start-timeout", "PT80S");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        Thread killer = new Thread(p::destroyForcibly, "kill-test-broker");
        Runtime.getRuntime().addShutdownHook(killer);
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> awaitReadyLine(p));
        try {
            String bootstrap = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new KafkaBrokerProcess(p, bootstrap, dataDir, log, killer);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            removeHook(killer);
            throw new IllegalStateException("the test broker did not start within " + START_TIMEOUT + "; its log:\n" + tail(log), e);
        }
    }

    private static String awaitReadyLine(Process p) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(READY_PREFIX)) {
                    String rest = line.substring(READY_PREFIX.length());
                    Thread drain = new Thread(() -> drain(out), "test-broker-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return rest.split(" ")[0];
                }
            }
            throw new IllegalStateException("broker exited with code " + p.waitFor());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe empty so the broker never blocks on stdout
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // JVM already exiting; the hook runs anyway
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public int port() {
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    public Path dataDir() {
        return dataDir;
    }

    public String logTail() {
        return tail(log);
    }

    /** Stops the broker like Ctrl-C does (clean shutdown), killing it if it takes longer than 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        removeHook(killer);
    }

    /** Kills the broker without a clean shutdown (crash tests). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        removeHook(killer);
    }
}
