package io.ghactivity.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers computed for one warehouse version (see {@link Api.Status#version()}): a new load changes the version and
 * empties the cache, so a cached answer can never be staler than the snapshot it was read in. Bounded LRU, so
 * arbitrary filter combinations cannot grow it without limit. Values must be immutable.
 */
final class ResultCache {
    private final int capacity;
    private final Map<String, Object> entries;
    private String version = "";

    ResultCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > ResultCache.this.capacity;
            }
        };
    }

    /** The value cached for {@code key} at {@code atVersion}, or null. */
    synchronized Object get(String atVersion, String key) {
        if (!version.equals(atVersion)) {
            return null;
        }
        return entries.get(key);
    }

    /** Remembers a value read at {@code atVersion}; a newer version drops everything older. */
    synchronized void put(String atVersion, String key, Object value) {
        if (!version.equals(atVersion)) {
            entries.clear();
            version = atVersion;
        }
        entries.put(key, value);
    }

    synchronized int size() {
        return entries.size();
    }
}
