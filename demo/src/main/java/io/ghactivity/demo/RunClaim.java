package io.ghactivity.demo;

import io.ghactivity.contracts.cli.UserError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One demo's claim on its workdir ({@code run/}): an OS file lock held while it runs — the kernel drops it when the
 * process dies, even by {@code kill -9}, so it is never stale — and one PID file per child it started.
 *
 * <p>Children stop by themselves when the demo dies ({@code ParentWatch}), but a clean Kafka or Spark shutdown takes
 * seconds. A demo started again at once finds their PID files, waits for them (stopping them if they take too long)
 * and only then checks its ports, so a restart after a kill -9 of anything succeeds instead of finding a port in use.
 * A PID file also records the process's start time, so a PID reused by an unrelated process is never touched.
 */
final class RunClaim implements AutoCloseable {
    /** How long a leftover child gets to finish its own shutdown before it is killed. */
    static final Duration LEFTOVER_GRACE = Duration.ofSeconds(30);

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunClaim(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the workdir, or refuses if another demo runs in it; then stops what a dead previous run left behind. */
    static RunClaim take(Workdir workdir) {
        Path dir = workdir.run();
        Path lockFile = dir.resolve("demo.lock");
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).trim();
                ch.close();
                throw new UserError("another demo is running with the workdir " + workdir.root()
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + ": stop it first, or pass another --workdir");
            }
            ch.truncate(0);
            ch.write(StandardCharsets.UTF_8.encode(ProcessHandle.current().pid() + "\n"), 0);
            RunClaim claim = new RunClaim(dir, ch, lock);
            claim.stopLeftovers();
            return claim;
        } catch (IOException e) {
            throw new UserError("cannot use " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Records a child so that a later run can stop it if this demo dies before it does. */
    void recordChild(String name, ProcessHandle child) {
        String start = child.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-");
        try {
            Files.writeString(pidFile(name), child.pid() + " " + start + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LocalStack.say("cannot record the " + name + "'s pid in " + dir + " (" + e.getMessage()
                    + "); if this demo is killed, stop pid " + child.pid() + " by hand");
        }
    }

    /** The child stopped (and was waited for): nothing to clean up for it any more. */
    void forgetChild(String name) {
        try {
            Files.deleteIfExists(pidFile(name));
        } catch (IOException e) {
            // a stale PID file is harmless: its start time no longer matches a live process
        }
    }

    private Path pidFile(String name) {
        return dir.resolve(name + ".pid");
    }

    private void stopLeftovers() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".pid")).sorted().toList();
        }
        if (!files.isEmpty()) {
            LocalStack.say("the previous demo with this workdir did not stop cleanly (killed?); resuming where it was —"
                    + " the replay, the stream and the loader each continue exactly, nothing is lost or counted twice");
        }
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".pid", "");
            Optional<ProcessHandle> child = sameProcess(Files.readString(f, StandardCharsets.UTF_8).trim());
            if (child.isPresent()) {
                ProcessHandle h = child.get();
                LocalStack.say("the " + name + " (pid " + h.pid() + ") of a previous run is still stopping; waiting for it");
                h.destroy(); // it is already stopping since its parent died; this only makes sure
                if (!waitFor(h, LEFTOVER_GRACE)) {
                    LocalStack.say("the " + name + " (pid " + h.pid() + ") did not stop within " + LEFTOVER_GRACE.toSeconds() + " s; killed it");
                    h.destroyForcibly();
                    waitFor(h, Duration.ofSeconds(10));
                }
            }
            Files.deleteIfExists(f);
        }
    }

    /** The live process a PID file names, only if its start time still matches (PIDs are reused). */
    static Optional<ProcessHandle> sameProcess(String pidLine) {
        String[] parts = pidLine.split(" ");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(parts[0]));
            if (h.isEmpty() || !h.get().isAlive()) {
                return Optional.empty();
            }
            Optional<Instant> started = h.get().info().startInstant();
            return started.isPresent() && parts[1].equals(Long.toString(started.get().toEpochMilli())) ? h : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Polls: onExit() of a process that is not our child polls too, with a coarser step. */
    private static boolean waitFor(ProcessHandle h, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (h.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !h.isAlive();
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
