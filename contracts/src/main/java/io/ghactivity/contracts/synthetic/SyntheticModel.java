package io.ghactivity.contracts.synthetic;

import io.ghactivity.contracts.GhArchiveHour;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The synthetic event model: how many events of which type each hour holds, and who did what where — as cheap tuples,
 * no JSON. Per-hour totals follow June 2022 ({@link June2022Profile}) times {@code scale}; each hour's type mix follows
 * its day's. Deterministic for a seed: the same (seed, scale, hour) always yields the same events in the same order.
 *
 * <p>The producer renders these tuples to realistic JSON; the loader and dashboard benchmarks enumerate them directly
 * (a full-scale month, 96 M tuples, in minutes) to build a warehouse without Kafka. Both see the same events.
 *
 * <p>Rounding is deterministic so totals are exact: {@code hourTotal = round(realCount × scale)} (half up), and the
 * hour's total is split across types by the largest-remainder method (ties by type name), so the types of an hour
 * always sum to its total.
 */
public final class SyntheticModel {
    /** Ids are {@code epochHour × ID_STRIDE + sequence}: unique and deterministic while an hour holds fewer events. */
    public static final long ID_STRIDE = 10_000_000L;
    private static final double ACTOR_SKEW = 1.1;
    private static final double REPO_SKEW = 1.15;

    private final long seed;
    private final double scale;
    private final June2022Profile profile = June2022Profile.load();
    private final Zipf actors;
    private final Zipf repos;
    private final Map<LocalDate, DayTypes> dayTypes = new ConcurrentHashMap<>();
    private final long actorPopulation;
    private final long orgPopulation;

    public SyntheticModel(long seed, double scale) {
        if (!(scale > 0) || scale * 263_824 >= ID_STRIDE) {
            throw new IllegalArgumentException("--scale must be > 0 and at most 37 (events per hour stay below " + ID_STRIDE + "): " + scale);
        }
        this.seed = seed;
        this.scale = scale;
        // Populations as large as a real month's active accounts and repos, shrunk with the scale.
        this.actorPopulation = Math.max(100, Math.round(8_000_000 * scale));
        long repoPopulation = Math.max(100, Math.round(12_000_000 * scale));
        this.orgPopulation = Math.max(10, Math.round(600_000 * scale));
        this.actors = new Zipf(actorPopulation, ACTOR_SKEW);
        this.repos = new Zipf(repoPopulation, REPO_SKEW);
    }

    public long seed() {
        return seed;
    }

    public double scale() {
        return scale;
    }

    /** Events generated for this hour: the real count × scale, rounded half up. */
    public long hourTotal(GhArchiveHour hour) {
        return Math.round(profile.hourCount(hour) * scale);
    }

    /** Events per type in this hour (sorted by type name, zero counts included); they sum to {@link #hourTotal}. */
    public Map<String, Long> typeCounts(GhArchiveHour hour) {
        LocalDate date = hour.start().toLocalDate();
        if (dayTypes.size() > 64) {
            dayTypes.clear(); // replays walk forward in time; a small cache is enough
        }
        DayTypes day = dayTypes.computeIfAbsent(date, this::apportionDay);
        Map<String, Long> result = new LinkedHashMap<>();
        for (int i = 0; i < day.names().size(); i++) {
            result.put(day.names().get(i), day.perHour()[hour.start().getHour()][i]);
        }
        return result;
    }

    /** A day's events per (hour, type); hours are rows, types (sorted by name) columns. */
    private record DayTypes(List<String> names, long[][] perHour) {
    }

    /**
     * Splits a day's events across types with the Sainte-Laguë divisor method, seat by seat through the day's hours:
     * each next event goes to the type with the highest {@code weight / (2 × assigned + 1)}. Divisor methods are house
     * monotone, so every prefix of the day is itself a proportional split: each hour holds its exact total, and each
     * type's count over the day stays within about one event of its real share. Rounding each hour on its own instead
     * would starve rare types (GollumEvent is 0.25 events an hour at scale 0.001, and would never be generated).
     */
    private DayTypes apportionDay(LocalDate date) {
        Map<String, Long> weights = profile.typeCounts(date);
        List<String> names = List.copyOf(weights.keySet());
        double[] w = names.stream().mapToDouble(weights::get).toArray();
        long[] assigned = new long[names.size()];
        long[][] perHour = new long[24][names.size()];
        for (int h = 0; h < 24; h++) {
            for (long n = hourTotal(new GhArchiveHour(date.atTime(h, 0))); n > 0; n--) {
                int best = 0;
                double bestPriority = -1;
                for (int i = 0; i < w.length; i++) {
                    double priority = w[i] / (2 * assigned[i] + 1);
                    if (priority > bestPriority) {
                        best = i;
                        bestPriority = priority;
                    }
                }
                assigned[best]++;
                perHour[h][best]++;
            }
        }
        return new DayTypes(names, perHour);
    }

    /** Calls {@code sink} for every event of the hour, in {@code created_at} order. */
    public void forEach(GhArchiveHour hour, Consumer<SyntheticEvent> sink) {
        HourEvents events = hourEvents(hour);
        for (int seq = 0; seq < events.size(); seq++) {
            sink.accept(events.get(seq));
        }
    }

    /** The hour's events with random access by sequence number (one byte per event is kept: its type). */
    public HourEvents hourEvents(GhArchiveHour hour) {
        Map<String, Long> counts = typeCounts(hour);
        String[] typeOf = counts.keySet().toArray(new String[0]);
        int total = (int) hourTotal(hour);
        byte[] order = new byte[total];
        int at = 0;
        for (int t = 0; t < typeOf.length; t++) {
            for (long k = counts.get(typeOf[t]); k > 0; k--) {
                order[at++] = (byte) t;
            }
        }
        // Interleave the types the same way every time: Fisher-Yates with a generator seeded by (seed, hour).
        SplittableRandom shuffle = new SplittableRandom(mix(seed ^ hour.epochHour()));
        for (int i = total - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            byte tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return new HourEvents(hour, typeOf, order);
    }

    /** One hour of synthetic events; {@link #get} is a pure function of the sequence number. */
    public final class HourEvents {
        private final String[] typeOf;
        private final byte[] order;
        private final long startSecond;
        private final long firstId;

        private HourEvents(GhArchiveHour hour, String[] typeOf, byte[] order) {
            this.typeOf = typeOf;
            this.order = order;
            this.startSecond = hour.startInstant().getEpochSecond();
            this.firstId = hour.epochHour() * ID_STRIDE;
        }

        public int size() {
            return order.length;
        }

        public SyntheticEvent get(int seq) {
            return event(firstId + seq, typeOf[order[seq]], startSecond + (long) seq * 3600 / order.length);
        }
    }

    private SyntheticEvent event(long id, String type, long createdAtSecond) {
        long r1 = mix(seed ^ id);
        long r2 = mix(r1);
        long r3 = mix(r2);
        long actorId = 1 + actors.rank(unit(r1));
        long repoId = 1 + repos.rank(unit(r2));
        long orgId = Math.floorMod(mix(repoId), 3) == 0 ? 1 + Math.floorMod(mix(~repoId), orgPopulation) : 0;
        return new SyntheticEvent(id, type, createdAtSecond, actorId, repoId, orgId, r3);
    }

    /** The login of a synthetic actor, a pure function of its id. */
    public static String actorLogin(long actorId) {
        return Names.word(actorId, 2) + "-" + Long.toString(actorId, 36);
    }

    /** {@code owner/name} of a synthetic repo: owned by its org, or by a user derived from the repo id. */
    public String repoName(long repoId, long orgId) {
        String owner = orgId != 0 ? orgLogin(orgId) : actorLogin(1 + Math.floorMod(mix(repoId * 31), actorPopulation));
        return owner + "/" + Names.word(mix(repoId), 2) + "-" + Names.word(repoId, 1);
    }

    /** The login of a synthetic organisation. */
    public static String orgLogin(long orgId) {
        return Names.word(orgId * 7 + 3, 2) + "-org";
    }

    static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64 finaliser: a cheap, well-mixed hash of a long. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
