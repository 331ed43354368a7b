package io.ghactivity.producer.bench;

import io.ghactivity.contracts.cli.UserError;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The project's own local broker ({@code broker/target}, what {@code gh-activity broker} runs) started in its own JVM
 * for the benchmark, on free ports with a fresh data dir — the same way the tests start it — and killed on close.
 */
final class BenchBroker implements AutoCloseable {
    private static final String READY = "gh-activity broker ready: bootstrap=";
    private final Process process;
    private final String bootstrap;

    private BenchBroker(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static BenchBroker start(Path root, Path dataDir) throws IOException, InterruptedException {
        Path target = root.resolve("broker/target");
        if (!Files.exists(target.resolve("broker.jar"))) {
            throw new UserError("the broker is not built (" + target + "): run `make build`, or pass --bootstrap");
        }
        Files.createDirectories(dataDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx1g", "-cp", target.resolve("broker.jar") + File.pathSeparator + target.resolve("lib") + "/*",
                "io.ghactivity.broker.LocalKafkaBroker", "--port", Integer.toString(freePort()),
                "--controller-port", Integer.toString(freePort()), "--data-dir", dataDir.toString(), "--start-timeout", "PT80S");
        Process p = new ProcessBuilder(cmd).redirectError(dataDir.resolve("broker-stderr.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> awaitReady(p));
        try {
            return new BenchBroker(p, ready.get(90, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new UserError("the local broker did not start (log: " + dataDir.resolve("broker-stderr.log") + ")", e);
        }
    }

    private static String awaitReady(Process p) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(READY)) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "bench-broker-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return line.substring(READY.length()).split(" ")[0];
                }
            }
            throw new IllegalStateException("the broker exited");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
