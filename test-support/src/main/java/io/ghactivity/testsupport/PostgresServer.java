package io.ghactivity.testsupport;

import io.ghactivity.contracts.local.LocalFiles;
import io.ghactivity.contracts.local.Processes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test (the Debian package, installed by {@code scripts/ensure-test-deps.sh}): initdb
 * into a fresh temp dir, started on 127.0.0.1 and a random port with trust auth, hard timeouts, stopped and deleted on
 * close (and killed at JVM exit). initdb refuses to run as root, so as root it runs as the {@code postgres} OS user.
 *
 * <p>Connect with {@link #jdbcUrl()} as user {@code postgres} (no password).
 */
public final class PostgresServer implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final Process process;
    private final Thread killer;
    private final Path bin;

    private PostgresServer(Path dir, int port, Process process, Thread killer, Path bin) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.killer = killer;
        this.bin = bin;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBin();
        Path dir = Files.createTempDirectory("gh-pg-");
        Path data = dir.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()), dir);
        }
        run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-sync"), dir);
        int port = FreePorts.next();
        Path log = dir.resolve("postgres.log");
        Process p = new ProcessBuilder(asPostgres(root, bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread killer = new Thread(() -> kill(p, bin, data, root), "kill-test-postgres");
        Runtime.getRuntime().addShutdownHook(killer);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                kill(p, bin, data, root);
                throw new IllegalStateException("PostgreSQL did not start within " + TIMEOUT + "; log:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        Thread.sleep(300); // the port opens just before the server accepts logins
        return new PostgresServer(dir, port, p, killer, bin);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() {
        boolean root = "root".equals(System.getProperty("user.name"));
        kill(process, bin, dir.resolve("data"), root);
        Processes.removeHook(killer);
        LocalFiles.deleteTree(dir);
    }

    private static void kill(Process p, Path bin, Path data, boolean root) {
        if (!p.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                    "-w", "-t", "20", "stop")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(30, TimeUnit.SECONDS);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
        }
    }

    private static List<String> asPostgres(boolean root, String... cmd) {
        List<String> out = new ArrayList<>();
        if (root) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(List.of(cmd));
        return out;
    }

    private static void run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("setup.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + cmd + "\n" + Files.readString(log));
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} with initdb. */
    static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                var best = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> parseVersion(b.getParent().getFileName().toString())));
                if (best.isPresent()) {
                    return best.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                + "run scripts/ensure-test-deps.sh (apt-get install postgresql)");
    }

    private static int parseVersion(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
