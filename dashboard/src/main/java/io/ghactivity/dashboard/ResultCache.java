package io.ghactivity.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers computed for one warehouse version (see {@link Api.Status#version()}): a newer load changes the version and
 * empties the cache, so a cached answer can never be staler than the snapshot it was read in. Bounded LRU, so
 * arbitrary filter combinations cannot grow it without limit. Values must be immutable.
 *
 * <p>Versions only move forward (by {@code last_load_at}): a slow request that read an older snapshot finishes
 * after a newer one has been seen, and its answer is simply not kept — it must not wipe the newer entries (the
 * per-version repo extremes are expensive to rebuild).
 */
final class ResultCache {
    private final int capacity;
    private final Map<String, Object> entries;
    private Api.Status current;

    ResultCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > ResultCache.this.capacity;
            }
        };
    }

    /** The value cached for {@code key} at exactly this version, or null. */
    synchronized Object get(Api.Status at, String key) {
        return isCurrent(at) ? entries.get(key) : null;
    }

    /** Remembers a value read at {@code at}; a newer version drops everything older, an older one is ignored. */
    synchronized void put(Api.Status at, String key, Object value) {
        if (current == null || isNewer(at, current)) {
            entries.clear();
            current = at;
        }
        if (isCurrent(at)) {
            entries.put(key, value);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private boolean isCurrent(Api.Status at) {
        return current != null && current.version().equals(at.version());
    }

    private static String orderKey(Api.Status s) {
        return s.lastLoadAt() == null ? "" : s.lastLoadAt(); // ISO-like timestamps sort as text; no load = oldest
    }

    /** Later last load wins; the same last load with another version (e.g. a deleted log row) counts as newer. */
    private static boolean isNewer(Api.Status a, Api.Status b) {
        int c = orderKey(a).compareTo(orderKey(b));
        return c > 0 || (c == 0 && !a.version().equals(b.version()));
    }
}
