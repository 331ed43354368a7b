package io.ghactivity.dashboard;

import static io.ghactivity.contracts.Marts.ENTITY_ACTOR;
import static io.ghactivity.contracts.Marts.ENTITY_REPO;

import io.ghactivity.contracts.GhArchiveHour;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The numbers behind every tile and API endpoint; the HTTP layer and the tests both call it.
 *
 * <p>Each call opens one connection from the {@link ConnectionSource}, runs in one read transaction (one consistent
 * snapshot even while the loader writes), reads the warehouse version first and serves from a cache keyed on that
 * version. Before the loader has created the marts every call answers the empty result.
 *
 * <p>{@link QueryLimits} bound what requests may take from the DuckDB instance they share with the loader: a call
 * waits a short, bounded time for one of a few query slots, and its statements are interrupted when its time is up;
 * either way it ends in {@link ServiceUnavailable}, never in a queue that grows without bound.
 */
public final class DashboardService {
    private static final Api.Status NO_DATA = new Api.Status("empty", 0, null, null);

    private final ConnectionSource source;
    private final Clock clock;
    private final RankingTuning tuning;
    private final boolean cacheAnswers;
    private final QueryLimits limits;
    private final Semaphore querySlots;
    /** Answers per request (filters and parameters). */
    private final ResultCache cache = new ResultCache(512);
    /** Per-version facts many answers need (repo leaders, type list, repo id space): few, kept apart from answers. */
    private final ResultCache derived = new ResultCache(64);

    public DashboardService(ConnectionSource source, Clock clock) {
        this(source, clock, QueryLimits.DEFAULT);
    }

    public DashboardService(ConnectionSource source, Clock clock, QueryLimits limits) {
        this(source, clock, RankingTuning.DEFAULT, true, limits);
    }

    DashboardService(ConnectionSource source, Clock clock, RankingTuning tuning, boolean cacheAnswers) {
        this(source, clock, tuning, cacheAnswers, QueryLimits.DEFAULT);
    }

    /**
     * @param cacheAnswers false ({@code gh-activity dashboard --no-answer-cache}) queries the warehouse for every
     *                     request: for checking numbers against the warehouse, or measuring cold requests
     */
    public DashboardService(ConnectionSource source, Clock clock, QueryLimits limits, boolean cacheAnswers) {
        this(source, clock, RankingTuning.DEFAULT, cacheAnswers, limits);
    }

    /**
     * @param cacheAnswers false re-queries every answer (checks, cold-request measurements, exactness tests);
     *                     per-version derived data (repo leaders, type list) is always cached
     */
    private DashboardService(ConnectionSource source, Clock clock, RankingTuning tuning, boolean cacheAnswers,
            QueryLimits limits) {
        this.source = source;
        this.clock = clock;
        this.tuning = tuning;
        this.cacheAnswers = cacheAnswers;
        this.limits = limits;
        this.querySlots = new Semaphore(limits.maxConcurrent(), true);
    }

    /**
     * Computes, for the current warehouse version, what the first "most active repos" request per type would otherwise
     * wait for (the leaders of all types, one scan each for all types and per type). Run it in the background after
     * each load; safe to call at any time.
     */
    public void warmUp() {
        // no deadline: one background warm-up at a time, at low priority, whose scans may take long at full scale
        read(null, "warm-up", null, (q, st) -> {
            List<String> types = cached(st, "types-present", () -> List.copyOf(q.typesPresent()));
            java.util.Set<Long> hot = new java.util.HashSet<>();
            hot.addAll(leaderIds(extremes(q, st, null)));
            for (String type : types) {
                hot.addAll(leaderIds(extremes(q, st, type)));
            }
            cached(st, "hot-rows", () -> HotRows.load(q.connection(), hot, tuning.tailRepos(), types));
            return Boolean.TRUE;
        }, Boolean.FALSE);
    }

    public Api.Status status() {
        return read(null, "status", (q, st) -> st, NO_DATA);
    }

    public Api.Summary summary(Filter f) {
        Api.Summary empty = new Api.Summary(0, 0, 0, null, null, null, null);
        Api.Summary s = read(f, "summary", (q, st) -> {
            Map<String, Long> distinct = q.distinctCounts(f);
            String[] span = q.hourSpan();
            return new Api.Summary(q.events(f), distinct.get(ENTITY_ACTOR), distinct.get(ENTITY_REPO), span[0], span[1],
                    null, st.lastLoadAt());
        }, empty);
        // the lag moves with the clock, so it is computed per call, never cached
        Long lag = s.latestHour() == null ? null
                : Math.max(0, Duration.between(GhArchiveHour.parse(s.latestHour()).endInstant(), clock.instant()).getSeconds());
        return new Api.Summary(s.events(), s.actors(), s.repos(), s.firstHour(), s.latestHour(), lag, s.lastLoadAt());
    }

    public List<Api.HourOfDay> trafficByHour(Filter f) {
        List<Api.HourOfDay> zeros = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            zeros.add(new Api.HourOfDay(h, 0));
        }
        return read(f, "traffic", (q, st) -> List.copyOf(q.trafficByHour(f)), List.copyOf(zeros));
    }

    /** Per type with its share of all events in the range; with a type filter, only that type's row (if any). */
    public List<Api.TypeShare> eventTypes(Filter f) {
        List<Api.TypeShare> all = read(f, "types", (q, st) -> List.copyOf(q.eventTypes(f.withoutType())), List.of());
        return f.hasType() ? all.stream().filter(t -> t.type().equals(f.type())).toList() : all;
    }

    /** Every hour of the range that lies within the loaded span, zeros included, oldest first. */
    public List<Api.TimePoint> timeline(Filter f) {
        return read(f, "timeline", (q, st) -> {
            String[] span = q.hourSpan();
            if (span[0] == null) {
                return List.<Api.TimePoint>of();
            }
            GhArchiveHour first = max(GhArchiveHour.parse(span[0]), f.from());
            GhArchiveHour last = min(GhArchiveHour.parse(span[1]), f.to());
            Map<String, Long> counts = q.timeline(f);
            List<Api.TimePoint> out = new ArrayList<>();
            for (GhArchiveHour h = first; h.compareTo(last) <= 0; h = h.next()) {
                out.add(new Api.TimePoint(h.toString(), counts.getOrDefault(h.toString(), 0L)));
            }
            return List.copyOf(out);
        }, List.of());
    }

    /**
     * Most or least active repos, exact. A range covering every loaded hour is answered from the per-version extremes;
     * otherwise from the in-memory {@link HotRows} when the warm-up has built them and they prove the answer; then a
     * range of few events (up to a few million: hours, or days of a rare type) is aggregated directly, and larger ones use the pruned rankings ({@link TopRepos},
     * {@link LeastRepos}), which fall back to the direct aggregation when they cannot prove the answer.
     */
    public List<Api.RepoEvents> repos(Filter f, RepoRanking.Order order, int limit) {
        return read(f, "repos|" + order + "|" + limit, (q, st) -> {
            Connection c = q.connection();
            List<RepoRanking.RepoCount> ranked = null;
            long hours = RepoSql.hoursInRange(c, f);
            long allHours = cached(st, "hours-total", () -> RepoSql.hoursInRange(c, Filter.ALL));
            if (hours == allHours) {
                ranked = extremes(q, st, f.type()).wholeSpan(order, limit);
            }
            HotRows hot = (HotRows) derived.get(st, "hot-rows"); // only the warm-up builds it
            if (ranked == null && hot != null) {
                ranked = order == RepoRanking.Order.MOST
                        ? hot.mostFromLeaders(f, limit, extremes(q, st, f.type()), tuning.hotLeaders())
                        : hot.leastFromTail(f, limit);
            }
            if (ranked == null && RepoSql.eventsInRange(c, f) > tuning.directMaxEvents()) {
                ranked = order == RepoRanking.Order.MOST
                        ? TopRepos.rank(c, f, limit, extremes(q, st, f.type()), tuning)
                        : LeastRepos.rank(c, f, limit, cached(st, "id-space", () -> LeastRepos.idSpace(c)),
                                extremes(q, st, f.type()), (double) hours / allHours);
            }
            if (ranked == null) {
                ranked = RepoRanking.direct(c, f, order, limit);
            }
            return List.copyOf(RepoRanking.named(c, ranked, hot));
        }, List.of());
    }

    private List<Long> leaderIds(RepoExtremes e) {
        return e.most().stream().limit(tuning.hotLeaders()).map(RepoRanking.RepoCount::repoId).toList();
    }

    private RepoExtremes extremes(MartQueries q, Api.Status st, String type) throws SQLException {
        return cached(st, "extremes|" + type, () -> RepoExtremes.load(q.connection(), type, tuning));
    }

    /** One unit of SQL work against a snapshot whose version is {@code status}. */
    @FunctionalInterface
    interface Work<T> {
        T run(MartQueries q, Api.Status status) throws SQLException;
    }

    private <T> T read(Filter f, String what, Work<T> work, T whenEmpty) {
        return read(f, what, limits.statementTimeout(), work, whenEmpty);
    }

    private <T> T read(Filter f, String what, Duration timeout, Work<T> work, T whenEmpty) {
        acquireQuerySlot();
        try (StatementDeadline deadline = StatementDeadline.start(timeout)) {
            try {
                return readSnapshot(f, what, work, whenEmpty, deadline);
            } catch (SQLException e) {
                if (deadline.expired()) {
                    throw new ServiceUnavailable("the query timed out after " + timeout.toSeconds()
                            + " s; narrow the range or the type, or retry", 5);
                }
                throw new IllegalStateException("warehouse query failed: " + e.getMessage(), e);
            }
        } finally {
            querySlots.release();
        }
    }

    private void acquireQuerySlot() {
        boolean acquired;
        try {
            acquired = querySlots.tryAcquire(limits.queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ServiceUnavailable("the dashboard is busy: " + limits.maxConcurrent()
                    + " queries are running; retry in a moment", 1);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T readSnapshot(Filter f, String what, Work<T> work, T whenEmpty, StatementDeadline deadline)
            throws SQLException {
        try (Connection c = deadline.watch(source.open())) {
            c.setAutoCommit(false);
            try {
                MartQueries q = new MartQueries(c);
                if (!q.martsExist()) {
                    checkType(f, List.of());
                    return whenEmpty;
                }
                Api.Status st = q.status();
                checkType(f, cached(st, "types-present", () -> List.copyOf(q.typesPresent())));
                String key = what + "|" + f;
                Object hit = cacheAnswers ? cache.get(st, key) : null;
                if (hit != null) {
                    return (T) hit;
                }
                T value = work.run(q, st);
                if (cacheAnswers) {
                    cache.put(st, key, value);
                }
                return value;
            } finally {
                c.rollback(); // read-only work: nothing to commit, and the snapshot is released
            }
        }
    }

    private interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(Api.Status st, String key, SqlSupplier<T> load) throws SQLException {
        Object hit = derived.get(st, key);
        if (hit != null) {
            return (T) hit;
        }
        T value = load.get();
        derived.put(st, key, value);
        return value;
    }

    private static void checkType(Filter f, List<String> present) {
        if (f != null) {
            EventTypes.check(f.type(), present);
        }
    }

    private static GhArchiveHour max(GhArchiveHour a, GhArchiveHour b) {
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private static GhArchiveHour min(GhArchiveHour a, GhArchiveHour b) {
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }
}
