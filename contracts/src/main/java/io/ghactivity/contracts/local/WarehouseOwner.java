package io.ghactivity.contracts.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The process that holds a local DuckDB warehouse open for writing (the demo). DuckDB allows one writing process per
 * file, so {@code gh-activity load --hour H [--force]} and {@code gh-activity check --hour H} cannot open the file while
 * the demo runs; instead they send the request to the owner, which runs it in its own process, between its own loads.
 *
 * <p>The owner publishes {@code <warehouse file>.owner} (JSON: pid, process start time, port on 127.0.0.1, a random
 * token; readable by its user only) and removes it when it stops. A file left by a killed owner is recognised as stale:
 * its pid is gone or belongs to a process started at another time.
 *
 * <p>Requests: {@code POST /warehouse/load?hour=H&force=true|false} and {@code POST /warehouse/check?hour=H} with the
 * token in {@link #TOKEN_HEADER}; the answer is a {@link Reply}: what the command would have printed and its exit code.
 */
public record WarehouseOwner(long pid, long startMillis, int port, String token) {
    public static final String TOKEN_HEADER = "X-Gh-Activity-Token";
    public static final String LOAD_PATH = "/warehouse/load";
    public static final String CHECK_PATH = "/warehouse/check";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the command prints (stdout lines, stderr lines) and the exit code it returns, as the owner ran it. */
    public record Reply(int exitCode, List<String> stdout, List<String> stderr) {
        public Reply {
            stdout = List.copyOf(stdout);
            stderr = List.copyOf(stderr);
        }

        public byte[] toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("exit_code", exitCode);
            stdout.forEach(n.putArray("stdout")::add);
            stderr.forEach(n.putArray("stderr")::add);
            return n.toString().getBytes(StandardCharsets.UTF_8);
        }

        public static Reply fromJson(byte[] body) throws IOException {
            JsonNode n = JSON.readTree(body);
            List<String> out = new ArrayList<>();
            List<String> err = new ArrayList<>();
            n.path("stdout").forEach(l -> out.add(l.asText()));
            n.path("stderr").forEach(l -> err.add(l.asText()));
            return new Reply(n.path("exit_code").asInt(1), out, err);
        }
    }

    /** An owner record for this process, listening on {@code port}, with a fresh random token. */
    public static WarehouseOwner forThisProcess(int port) {
        byte[] t = new byte[24];
        new SecureRandom().nextBytes(t);
        ProcessHandle me = ProcessHandle.current();
        return new WarehouseOwner(me.pid(), me.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L), port,
                HexFormat.of().formatHex(t));
    }

    public static Path fileFor(Path warehouse) {
        return warehouse.resolveSibling(warehouse.getFileName() + ".owner");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Writes the owner file (user-only permissions, atomically replaced). */
    public void publish(Path warehouse) {
        Path file = fileFor(warehouse);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ObjectNode n = JSON.createObjectNode().put("pid", pid).put("start_millis", startMillis).put("port", port).put("token", token);
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, n.toString().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Removes the owner file if it is still ours. */
    public void withdraw(Path warehouse) {
        Path file = fileFor(warehouse);
        try {
            if (read(file).filter(this::equals).isPresent()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a stale file is recognised as such by the next reader
        }
    }

    /** The live owner of a warehouse file, if a running process holds it (a stale owner file is ignored). */
    public static Optional<WarehouseOwner> find(Path warehouse) {
        try {
            return read(fileFor(warehouse)).filter(WarehouseOwner::isAlive);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private boolean isAlive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(h -> h.info().startInstant()).map(i -> i.toEpochMilli() == startMillis).orElse(false);
    }

    private static Optional<WarehouseOwner> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            return Optional.of(new WarehouseOwner(n.path("pid").asLong(), n.path("start_millis").asLong(), n.path("port").asInt(),
                    n.path("token").asText()));
        } catch (IOException e) {
            return Optional.empty(); // half-written or foreign: not an owner
        }
    }
}
