package io.ghactivity.stream.bench;

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
 * The project's own broker ({@code gh-activity broker}) started for one benchmark run in its own JVM, on free ports
 * and a temp data dir, killed at the end — so {@code bench-stream} needs nothing running beforehand.
 */
final class BenchBroker implements AutoCloseable {
    private final Process process;
    final String bootstrap;

    private BenchBroker(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static BenchBroker start(Path root, Path dataDir) throws Exception {
        Path target = root.resolve("broker/target");
        if (!Files.exists(target.resolve("broker.jar"))) {
            throw new UserError("the broker is not built (" + target + "): run `make build`, or pass --bootstrap");
        }
        Files.createDirectories(dataDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp",
                target.resolve("broker.jar") + File.pathSeparator + target.resolve("lib") + "/*",
                "io.ghactivity.broker.LocalKafkaBroker", "--port", Integer.toString(freePort()),
                "--controller-port", Integer.toString(freePort()), "--data-dir", dataDir.toString()))
                .redirectError(dataDir.resolve("broker.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("gh-activity broker ready: bootstrap=")) {
                        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "bench-broker-out");
                        drain.setDaemon(true);
                        drain.start();
                        return line.substring(line.indexOf('=') + 1).split(" ")[0];
                    }
                }
                throw new IllegalStateException("the broker exited before it was ready");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return new BenchBroker(p, ready.get(90, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new UserError("the benchmark broker did not start; see " + dataDir.resolve("broker.log"), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

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
    }
}
