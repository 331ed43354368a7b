package io.ghactivity.dashboard;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The expected answers, counted in plain Java straight from the input events (no SQL, no marts), for a filter.
 */
record IndependentCount(List<SampleEvent> events) {

    static IndependentCount of(List<SampleEvent> all, GhArchiveHour from, GhArchiveHour to, String type) {
        return new IndependentCount(all.stream()
                .filter(e -> from == null || e.hour().compareTo(from) >= 0)
                .filter(e -> to == null || e.hour().compareTo(to) <= 0)
                .filter(e -> type == null || e.type().equals(type))
                .toList());
    }

    long count() {
        return events.size();
    }

    long actors() {
        return events.stream().map(SampleEvent::actorId).distinct().count();
    }

    long repos() {
        return events.stream().map(SampleEvent::repoId).distinct().count();
    }

    long[] perHourOfDay() {
        long[] out = new long[24];
        events.forEach(e -> out[e.hour().start().getHour()]++);
        return out;
    }

    Map<String, Long> perType() {
        return events.stream().collect(Collectors.groupingBy(SampleEvent::type, TreeMap::new, Collectors.counting()));
    }

    Map<String, Long> perHour() {
        return events.stream().collect(Collectors.groupingBy(e -> e.hour().toString(), TreeMap::new, Collectors.counting()));
    }

    /** Repo ids with their counts, ranked as the API documents: most = events desc then id asc; least = events asc then id desc. */
    List<Map.Entry<Long, Long>> rankedRepos(boolean most, int limit) {
        Map<Long, Long> counts = events.stream().collect(Collectors.groupingBy(SampleEvent::repoId, Collectors.counting()));
        Comparator<Map.Entry<Long, Long>> byEvents = Map.Entry.comparingByValue();
        Comparator<Map.Entry<Long, Long>> byId = Map.Entry.comparingByKey();
        Comparator<Map.Entry<Long, Long>> order = most ? byEvents.reversed().thenComparing(byId)
                : byEvents.thenComparing(byId.reversed());
        return counts.entrySet().stream().sorted(order).limit(limit).toList();
    }
}
