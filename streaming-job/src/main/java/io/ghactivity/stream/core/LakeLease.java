package io.ghactivity.stream.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.cli.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream job per lake: a lease in {@code <lake>/_stream/lease.json} (owner, renewed at, expires at), renewed by its
 * holder every third of its time to live. Two jobs on one lake would both commit batches into the same sink logs
 * (batch ids colliding, rows lost or written twice) and both write manifests, so the second is refused.
 *
 * <p>Works with what every lake store has — whole-object writes and strongly consistent reads (local disk, HDFS, S3):
 * no rename, no conditional write. A start that finds a live lease waits until it expires: a holder that renews in
 * that time is running, and the start is refused; one that does not is dead (killed, its node lost) and its lease is
 * taken over — so a restart after a crash waits at most one time to live instead of needing a hand. A holder named
 * by {@link #ownerName} on this same host whose process is gone (a kill -9, the demo restarting its stream) is taken
 * over at once: its pid says it cannot renew. (Hosts are told apart by name: two machines that share a host name and
 * a pid namespace would not be.) After writing, the
 * acquirer reads the lease back after a pause ({@link #confirmPause}: scaled to the store's own latency): of two jobs
 * starting in the same instant, the one whose write was overwritten sees the other owner and is refused. The holder checks the lease before each batch and on every renewal,
 * and stops if it is no longer the owner, so even a holder paused past its time to live commits nothing after it.
 */
public final class LakeLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LakeLease.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the lease file holds. */
    public record Holder(String owner, long renewedAtMillis, long expiresAtMillis) {
    }

    private final LakeFs fs;
    private final String path;
    private final String owner;
    private final Duration ttl;
    private volatile boolean held;

    private LakeLease(LakeFs fs, String path, String owner, Duration ttl) {
        this.fs = fs;
        this.path = path;
        this.owner = owner;
        this.ttl = ttl;
    }

    /** The owner name of a job in this process, {@code runId/pid@host}: lets a restart on this host see it is gone. */
    public static String ownerName(String runId) {
        return runId + "/" + ProcessHandle.current().pid() + "@" + localHost();
    }

    /** The lease file of a lake root. */
    public static String path(String lakeRoot) {
        return lakeRoot + "/_stream/lease.json";
    }

    /**
     * Takes the lake's lease for {@code owner}, waiting at most one time to live for a silent holder; refuses (a
     * {@link UserError}) when another job holds it and keeps renewing it. {@link #claim} then {@link Claim#confirm}.
     */
    public static LakeLease acquire(LakeFs fs, String lakeRoot, String owner, Duration ttl) {
        return claim(fs, lakeRoot, owner, ttl).confirm();
    }

    /**
     * Writes the lease for {@code owner} (after waiting for a silent holder, or refusing a live one, as
     * {@link #acquire} does) without reading it back yet: the caller may do work that writes nothing to the lake while
     * the confirmation pause runs, then {@link Claim#confirm}. A job's start-up overlaps the pause that way.
     */
    public static Claim claim(LakeFs fs, String lakeRoot, String owner, Duration ttl) {
        LakeLease lease = new LakeLease(fs, path(lakeRoot), owner, ttl);
        long t0 = System.nanoTime();
        Holder seen = lease.read();
        long readNanos = System.nanoTime() - t0;
        if (seen != null && !seen.owner().equals(owner) && seen.expiresAtMillis() > System.currentTimeMillis()) {
            if (deadOnThisHost(seen.owner())) {
                LOG.warn("the lake {} is leased by {}, a process on this host that is gone; taking the lake over",
                        lakeRoot, seen.owner());
            } else {
                lease.waitForSilence(seen, lakeRoot);
            }
        }
        long t1 = System.nanoTime();
        lease.write();
        long written = System.nanoTime();
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(confirmPause(readNanos + written - t1, ttl));
        return new Claim(lease, lakeRoot, written + pauseNanos);
    }

    /** A written, not yet confirmed lease: nothing may be committed to the lake before {@link #confirm}. */
    public static final class Claim {
        private final LakeLease lease;
        private final String lakeRoot;
        private final long confirmAtNanos;

        private Claim(LakeLease lease, String lakeRoot, long confirmAtNanos) {
            this.lease = lease;
            this.lakeRoot = lakeRoot;
            this.confirmAtNanos = confirmAtNanos;
        }

        /**
         * Reads the lease back once the confirmation pause since the write has passed (sleeping the rest of it): of
         * two jobs that claimed at the same instant, the one whose write was overwritten is refused here.
         */
        public LakeLease confirm() {
            long left = confirmAtNanos - System.nanoTime();
            if (left > 0) {
                sleep(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
            Holder after = lease.read();
            if (after == null || !after.owner().equals(lease.owner)) {
                throw new UserError("the lake " + lakeRoot + " was taken by another stream job starting at the same time ("
                        + (after == null ? "lease gone" : after.owner()) + "); only one stream job may write a lake");
            }
            lease.held = true;
            return lease;
        }
    }

    /** Renews the lease; throws when another job owns it now (this job must stop writing). */
    public void renew() {
        check();
        write();
    }

    /** Throws when this job is no longer the lease's owner. */
    public void check() {
        Holder h = read();
        if (h == null || !h.owner().equals(owner)) {
            held = false;
            throw new IllegalStateException("this stream job (" + owner + ") lost the lease of the lake to "
                    + (h == null ? "nobody (the lease file is gone)" : h.owner()) + "; it stops without writing more");
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** Deletes the lease if this job still holds it, so the next start does not wait. */
    @Override
    public void close() {
        if (held) {
            Holder h = read();
            if (h != null && h.owner().equals(owner)) {
                fs.deleteQuietly(path);
            }
            held = false;
        }
    }

    private void waitForSilence(Holder seen, String lakeRoot) {
        LOG.warn("the lake {} is leased by {} until {}; waiting until then to see whether it is still running",
                lakeRoot, seen.owner(), Instant.ofEpochMilli(seen.expiresAtMillis()));
        long deadline = seen.expiresAtMillis() + settle(ttl);
        while (System.currentTimeMillis() < deadline) {
            sleep(settle(ttl));
            Holder now = read();
            if (now == null) {
                return; // released
            }
            if (!now.equals(seen) && now.expiresAtMillis() > System.currentTimeMillis()) {
                throw new UserError("another stream job (" + now.owner() + ") is writing the lake " + lakeRoot
                        + " (lease renewed at " + Instant.ofEpochMilli(now.renewedAtMillis()) + "); a second stream "
                        + "job on the same lake is refused. Stop the other one first");
            }
        }
        LOG.warn("the lease of {} expired without renewal: its holder {} is gone; taking the lake over", lakeRoot,
                seen.owner());
    }

    /** True only for an {@link #ownerName} of this host whose process no longer runs. */
    static boolean deadOnThisHost(String owner) {
        int slash = owner.lastIndexOf('/');
        int at = owner.lastIndexOf('@');
        if (slash < 0 || at < slash || !owner.substring(at + 1).equals(localHost())) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(slash + 1, at));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private Holder read() {
        byte[] bytes = fs.readOrNull(path);
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readValue(bytes, Holder.class);
        } catch (IOException e) {
            // A lease file this job cannot read is treated as expired, not as a reason to halt forever.
            LOG.warn("unreadable lease file {} ({}); treated as expired", path, e.toString());
            return new Holder("unreadable", 0, 0);
        }
    }

    private void write() {
        long now = System.currentTimeMillis();
        try {
            fs.writeAtomically(path, JSON.writeValueAsBytes(new Holder(owner, now, now + ttl.toMillis())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lake lease " + path, e);
        }
    }

    /**
     * How long an acquirer waits before reading its lease back. A rival that read "no lease" just before our write
     * overwrites it within its own read + write, so the pause covers that time with a wide margin: 20 times what this
     * store's read + write just took, at least 250 ms (a JVM's start-up pauses), at most a tenth of the time to live
     * (2 s for 60 s). A fixed tenth made every start on a local disk wait 2 s for a race a disk settles in milliseconds.
     */
    static long confirmPause(long readPlusWriteNanos, Duration ttl) {
        long scaled = 20 * (readPlusWriteNanos / 1_000_000);
        return Math.max(MIN_CONFIRM_PAUSE_MILLIS, Math.min(settle(ttl), scaled));
    }

    static final long MIN_CONFIRM_PAUSE_MILLIS = 250;

    /** The pause between polls of a silent holder's lease: a tenth of the time to live, 200 ms to 2 s. */
    private static long settle(Duration ttl) {
        return Math.max(200, Math.min(2_000, ttl.toMillis() / 10));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking the lake lease", e);
        }
    }
}
