package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultCacheTest {
    static Api.Status v(int hours, String lastLoad) {
        return new Api.Status(hours + "|" + lastLoad, hours, null, lastLoad);
    }

    @Test
    void aNewerVersionEmptiesTheCacheAndAnOlderOneCannotComeBack() {
        ResultCache cache = new ResultCache(10);
        Api.Status v1 = v(1, "2026-11-24 10:00:00");
        Api.Status v2 = v(2, "2026-11-24 10:00:05");
        cache.put(v1, "a", "one");
        assertThat(cache.get(v1, "a")).isEqualTo("one");
        cache.put(v2, "a", "two");
        assertThat(cache.get(v1, "a")).isNull();
        assertThat(cache.get(v2, "a")).isEqualTo("two");
        cache.put(v1, "b", "stale"); // a slow request that read the older snapshot finishes late
        assertThat(cache.get(v2, "a")).isEqualTo("two");
        assertThat(cache.get(v1, "b")).isNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void noLoadIsOlderThanAnyLoadAndTheCacheIsBounded() {
        ResultCache cache = new ResultCache(2);
        cache.put(v(5, "2026-11-24 10:00:00"), "a", 1);
        cache.put(v(0, null), "b", 2);
        assertThat(cache.get(v(5, "2026-11-24 10:00:00"), "a")).isEqualTo(1);
        cache.put(v(5, "2026-11-24 10:00:00"), "c", 3);
        cache.put(v(5, "2026-11-24 10:00:00"), "d", 4);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(v(5, "2026-11-24 10:00:00"), "a")).isNull();
    }
}
