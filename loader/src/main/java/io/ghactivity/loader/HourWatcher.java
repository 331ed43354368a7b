package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Finds hours whose manifest is not loaded yet (or changed revision), and keeps loading them as manifests appear.
 * A library API: the one-process demo runs {@link #watch} on a thread next to the dashboard, with a callback per hour.
 *
 * <p>A failed hour never stops the other hours. A failure that may pass (an unreadable or missing lake file, an S3
 * or disk error, exit code 1) is retried with exponential backoff ({@link Backoff}), and the report says when; a
 * quality-check failure (exit code 3) is deterministic and is retried only once the hour's manifest changes. A new
 * manifest revision always resets the hour's backoff. An error while listing manifests or reading the load log
 * (the whole round) is retried the same way instead of ending the watch.
 */
public final class HourWatcher {
    private final HourLoader loader;
    private final Warehouse warehouse;
    private final Lake lake;
    private final Backoff backoff;
    private final Map<GhArchiveHour, Failed> failed = new HashMap<>();
    /** One load at a time in this process: the watch's own, or one {@link #exclusive} runs for an operator. */
    private final ReentrantLock loading = new ReentrantLock();
    private volatile boolean stopped;
    /** Only a watch tries again; a one-shot {@link #loadPending} reports failures without a retry promise. */
    private volatile boolean watching;

    /**
     * How long to wait before trying again after the n-th consecutive failure: {@code first × 2^(n-1)}, at most
     * {@code max}.
     */
    public record Backoff(Duration first, Duration max) {
        /** 5 s, 10 s, 20 s … up to 5 minutes: a blip costs seconds; a long outage costs one line every 5 minutes. */
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

        public Duration after(int failures) {
            long ms = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
            return Duration.ofMillis(Math.min(ms, max.toMillis()));
        }
    }

    /** An hour whose last attempt failed: at which manifest, how often in a row, and when to try again. */
    private record Failed(String checksum, int failures, long retryAtNanos, boolean retryable) {
    }

    public HourWatcher(HourLoader loader, Warehouse warehouse, Lake lake) {
        this(loader, warehouse, lake, Backoff.DEFAULT);
    }

    public HourWatcher(HourLoader loader, Warehouse warehouse, Lake lake, Backoff backoff) {
        this.loader = loader;
        this.warehouse = warehouse;
        this.lake = lake;
        this.backoff = backoff;
    }

    /** Hours with a manifest that load_log does not hold at the same revision and checksum, oldest first. */
    public List<GhArchiveHour> pending() throws Exception {
        List<GhArchiveHour> out = new ArrayList<>();
        try (Connection c = warehouse.connect()) {
            for (GhArchiveHour h : lake.manifestHours()) {
                Optional<HourLoader.Logged> logged = HourLoader.logged(c, h);
                if (logged.isEmpty() || !logged.get().checksum().equals(checksumOrNull(h))) {
                    out.add(h);
                }
            }
        }
        return out;
    }

    /** Loads every pending hour in order; one result per hour tried (failures included: they do not stop the rest). */
    public List<LoadResult> loadPending(Consumer<LoadResult> callback) throws Exception {
        List<LoadResult> results = new ArrayList<>();
        for (GhArchiveHour h : pending()) {
            if (stopped) {
                break;
            }
            LoadResult r = loadOne(h);
            if (r != null) {
                results.add(r);
                callback.accept(r);
            }
        }
        return results;
    }

    /**
     * Polls until {@link #stop()} (or interruption), loading pending hours each round. A round that fails as a whole
     * (the lake's manifests or the warehouse unreachable) is reported on stderr and retried with backoff.
     */
    public void watch(Duration poll, Consumer<LoadResult> callback) throws Exception {
        int failedRounds = 0;
        watching = true;
        while (!stopped) {
            Duration wait = poll;
            try {
                loadPending(callback);
                failedRounds = 0;
            } catch (Exception e) {
                failedRounds++;
                wait = max(poll, backoff.after(failedRounds));
                System.err.println("load: looking for closed hours failed (" + firstLine(e) + "); retrying in "
                        + describe(wait) + " (attempt " + (failedRounds + 1) + ")");
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Runs {@code work} (an operator's {@code load --force} or {@code check} sent to the process that owns the
     * warehouse) between the watch's loads, never during one: DuckDB transactions writing the same tables conflict.
     */
    public <T> T exclusive(Callable<T> work) throws Exception {
        loading.lock();
        try {
            return work.call();
        } finally {
            loading.unlock();
        }
    }

    public void stop() {
        stopped = true;
    }

    private LoadResult loadOne(GhArchiveHour h) throws Exception {
        String seen = String.valueOf(checksumOrNull(h));
        Failed before = failed.get(h);
        if (before != null && before.checksum().equals(seen)
                && (!before.retryable() || System.nanoTime() - before.retryAtNanos() < 0)) {
            return null; // reported when it failed; tried again at its retry time, or once its manifest changes
        }
        int failures = before != null && before.checksum().equals(seen) ? before.failures() + 1 : 1;
        try {
            LoadResult r = exclusive(() -> loader.load(h, false));
            failed.remove(h);
            return r;
        } catch (LoadFailure e) {
            boolean retryable = e.exitCode() != LoadFailure.QUALITY_CHECK_FAILED;
            Duration wait = backoff.after(failures);
            failed.put(h, new Failed(seen, failures, System.nanoTime() + wait.toNanos(), retryable));
            String next = !watching ? "" : retryable ? "; retrying in " + describe(wait) + " (attempt " + (failures + 1) + ")"
                    : "; not retried until its manifest changes";
            return new LoadResult(h.toString(), 0, 0, 0, LoadResult.Status.FAILED, e.getMessage() + next, e.exitCode());
        } catch (Exception e) {
            // Not a LoadFailure: reading the manifest itself failed (S3, disk). Same backoff; the watch goes on.
            Duration wait = backoff.after(failures);
            failed.put(h, new Failed(seen, failures, System.nanoTime() + wait.toNanos(), true));
            return new LoadResult(h.toString(), 0, 0, 0, LoadResult.Status.FAILED, "loading " + h + " failed: "
                    + firstLine(e) + (watching ? "; retrying in " + describe(wait) + " (attempt " + (failures + 1) + ")" : ""), 1);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The manifest's checksum, or null when it cannot be read or parsed (the load will then report why). */
    private String checksumOrNull(GhArchiveHour h) {
        try {
            Optional<byte[]> bytes = lake.readManifest(h);
            return bytes.map(b -> HourLoader.checksum(HourManifest.fromJson(b, lake.layout().manifest(h)))).orElse(null);
        } catch (Exception e) {
            return null;
        }
    }
}
