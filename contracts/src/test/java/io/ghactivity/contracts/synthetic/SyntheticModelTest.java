package io.ghactivity.contracts.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticModelTest {
    private final June2022Profile profile = June2022Profile.load();

    @Test
    void profileHoldsTheRealJune2022Totals() {
        long total = 0;
        for (GhArchiveHour h : GhArchiveHour.rangeInclusive(GhArchiveHour.parse("2022-06-01T00"), GhArchiveHour.parse("2022-06-30T23"))) {
            total += profile.hourCount(h);
        }
        assertThat(total).isEqualTo(96_338_569L); // FACTS.md
        assertThat(profile.hourCount(GhArchiveHour.parse("2022-06-12T03"))).isEqualTo(76_041L);
        assertThat(profile.hourCount(GhArchiveHour.parse("2022-06-21T02"))).isEqualTo(263_824L);
        assertThat(profile.typeNames()).hasSize(15).contains("PushEvent", "WatchEvent");
    }

    @Test
    void hoursOutsideJuneUseTheSameWeekday() {
        GhArchiveHour saturday = GhArchiveHour.parse("2024-03-02T12"); // a Saturday
        assertThat(profile.profileDay(saturday.start().toLocalDate()).getDayOfWeek())
                .isEqualTo(saturday.start().getDayOfWeek());
    }

    @Test
    void scaledTotalsRoundHalfUpAndTypesSumToTheHour() {
        SyntheticModel model = new SyntheticModel(1, 0.001);
        GhArchiveHour h = GhArchiveHour.parse("2022-06-21T02");
        assertThat(model.hourTotal(h)).isEqualTo(264L); // 263.824 rounds to 264
        Map<String, Long> types = model.typeCounts(h);
        assertThat(types.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(264L);
        Map<String, Long> day = profile.typeCounts(h.start().toLocalDate());
        double pushShare = (double) day.get("PushEvent") / day.values().stream().mapToLong(Long::longValue).sum();
        assertThat((double) types.get("PushEvent")).isCloseTo(264 * pushShare, org.assertj.core.data.Offset.offset(1.0));
        assertThat(new SyntheticModel(1, 0.5).hourTotal(GhArchiveHour.parse("2022-06-12T03"))).isEqualTo(38_021L); // 38020.5 -> up
    }

    @Test
    void rareTypesKeepTheirDailyShareEvenAtTinyScales() {
        SyntheticModel model = new SyntheticModel(1, 0.001);
        java.time.LocalDate date = java.time.LocalDate.parse("2022-06-14");
        Map<String, Long> real = profile.typeCounts(date);
        double realTotal = real.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> generated = new HashMap<>();
        long dayTotal = 0;
        for (int h = 0; h < 24; h++) {
            GhArchiveHour hour = GhArchiveHour.parse("2022-06-14T" + String.format("%02d", h));
            Map<String, Long> types = model.typeCounts(hour);
            assertThat(types.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(model.hourTotal(hour));
            types.forEach((t, n) -> generated.merge(t, n, Long::sum));
            dayTotal += model.hourTotal(hour);
        }
        for (Map.Entry<String, Long> e : real.entrySet()) {
            double quota = dayTotal * e.getValue() / realTotal;
            assertThat((double) generated.get(e.getKey())).as(e.getKey()).isCloseTo(quota, org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(generated.get("GollumEvent")).isPositive();
    }

    @Test
    void sameSeedSameEventsAndIdsAreUnique() {
        GhArchiveHour h = GhArchiveHour.parse("2022-06-05T07");
        List<SyntheticEvent> a = new ArrayList<>();
        List<SyntheticEvent> b = new ArrayList<>();
        new SyntheticModel(42, 0.01).forEach(h, a::add);
        new SyntheticModel(42, 0.01).forEach(h, b::add);
        assertThat(a).isEqualTo(b).hasSize((int) new SyntheticModel(42, 0.01).hourTotal(h));
        List<SyntheticEvent> other = new ArrayList<>();
        new SyntheticModel(43, 0.01).forEach(h, other::add);
        assertThat(other).isNotEqualTo(a);
        Set<Long> ids = new HashSet<>();
        Map<String, Long> byType = new HashMap<>();
        for (SyntheticEvent e : a) {
            assertThat(ids.add(e.id())).isTrue();
            assertThat(h.contains(java.time.Instant.ofEpochSecond(e.createdAtSecond()))).isTrue();
            byType.merge(e.type(), 1L, Long::sum);
        }
        Map<String, Long> expected = new HashMap<>(new SyntheticModel(42, 0.01).typeCounts(h));
        expected.values().removeIf(v -> v == 0);
        assertThat(byType).isEqualTo(expected);
    }

    @Test
    void popularityIsLongTailed() {
        SyntheticModel model = new SyntheticModel(7, 0.05);
        Map<Long, Integer> perRepo = new HashMap<>();
        int[] n = {0};
        model.forEach(GhArchiveHour.parse("2022-06-14T12"), e -> {
            perRepo.merge(e.repoId(), 1, Integer::sum);
            n[0]++;
        });
        int top = perRepo.values().stream().max(Integer::compare).orElseThrow();
        long singletons = perRepo.values().stream().filter(c -> c == 1).count();
        assertThat(top).as("the most active repo stands out").isGreaterThan(20);
        assertThat(singletons).as("most repos appear once").isGreaterThan(perRepo.size() / 3);
    }

    @Test
    void zipfRanksStayInRange() {
        Zipf z = new Zipf(1000, 1.1);
        assertThat(z.rank(0.0)).isZero();
        assertThat(z.rank(0.999999999)).isLessThan(1000);
    }
}
