package io.ghactivity.contracts.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real shape of June 2022 (resource {@code june2022-profile.json}, built from the ghstats daily aggregates in
 * {@code ../shared/data/reference/ghstats}): events per UTC hour of each day and events per type of each day.
 *
 * <p>Hours outside June 2022 borrow the profile of the same weekday from the week of 2022-06-13..19 (an ordinary
 * week; 2022-06-01 has an unusual burst), so a synthetic replay of any range has a realistic daily rhythm.
 */
public final class June2022Profile {
    public static final LocalDate FIRST_DAY = LocalDate.of(2022, 6, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(2022, 6, 30);
    private static final LocalDate REFERENCE_MONDAY = LocalDate.of(2022, 6, 13);
    private static final String RESOURCE = "/june2022-profile.json";

    private static volatile June2022Profile instance;

    private final Map<LocalDate, long[]> hours = new HashMap<>();
    private final Map<LocalDate, Map<String, Long>> types = new HashMap<>();
    private final List<String> typeNames;

    private June2022Profile(JsonNode root) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("days").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> day = it.next();
            LocalDate date = LocalDate.parse(day.getKey());
            long[] h = new long[24];
            for (int i = 0; i < 24; i++) {
                h[i] = day.getValue().path("hours").path(i).asLong();
            }
            hours.put(date, h);
            Map<String, Long> t = new LinkedHashMap<>();
            day.getValue().path("types").fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().asLong()));
            types.put(date, Collections.unmodifiableMap(t));
            t.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        }
        Collections.sort(names);
        this.typeNames = List.copyOf(names);
    }

    public static June2022Profile load() {
        June2022Profile p = instance;
        if (p == null) {
            try (InputStream in = June2022Profile.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the contracts jar");
                }
                p = new June2022Profile(new ObjectMapper().readTree(in));
                instance = p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    /** The June 2022 day whose profile stands for {@code date}: itself in June 2022, else the same weekday. */
    public LocalDate profileDay(LocalDate date) {
        if (!date.isBefore(FIRST_DAY) && !date.isAfter(LAST_DAY)) {
            return date;
        }
        return REFERENCE_MONDAY.plusDays(date.getDayOfWeek().getValue() - 1L);
    }

    /** Real events in this hour (June 2022) or in the same hour of the same weekday. */
    public long hourCount(GhArchiveHour hour) {
        return hours.get(profileDay(hour.start().toLocalDate()))[hour.start().getHour()];
    }

    /** Real events per type on the profile day of {@code date}, sorted by type name. */
    public Map<String, Long> typeCounts(LocalDate date) {
        return types.get(profileDay(date));
    }

    /** Every event type in the profile, sorted by name. */
    public List<String> typeNames() {
        return typeNames;
    }
}
