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
import java.util.function.Consumer;

/**
 * Finds hours whose manifest is not loaded yet (or changed revision), and keeps loading them as manifests appear.
 * A library API: the one-process demo runs {@link #watch} on a thread next to the dashboard, with a callback per hour.
 *
 * <p>An hour that fails is reported once and retried only when its manifest changes, so a broken hour never turns
 * the loop into a busy retry; the other hours keep loading.
 */
public final class HourWatcher {
    private final HourLoader loader;
    private final Warehouse warehouse;
    private final Lake lake;
    private final Map<GhArchiveHour, String> failedAt = new HashMap<>();
    private volatile boolean stopped;

    public HourWatcher(HourLoader loader, Warehouse warehouse, Lake lake) {
        this.loader = loader;
        this.warehouse = warehouse;
        this.lake = lake;
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

    /** Polls until {@link #stop()} (or interruption), loading pending hours each round. */
    public void watch(Duration poll, Consumer<LoadResult> callback) throws Exception {
        while (!stopped) {
            loadPending(callback);
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void stop() {
        stopped = true;
    }

    private LoadResult loadOne(GhArchiveHour h) throws Exception {
        String seen = String.valueOf(checksumOrNull(h));
        if (seen.equals(failedAt.get(h))) {
            return null; // reported when it failed; retried once its manifest changes
        }
        try {
            LoadResult r = loader.load(h, false);
            failedAt.remove(h);
            return r;
        } catch (LoadFailure e) {
            failedAt.put(h, seen);
            return LoadResult.failed(h.toString(), e);
        }
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
