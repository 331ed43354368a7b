package io.ghactivity.loader;

import static io.ghactivity.contracts.Marts.ALL_TYPES;
import static io.ghactivity.contracts.Marts.DAILY_ACTIVITY;
import static io.ghactivity.contracts.Marts.DAILY_TOTALS;
import static io.ghactivity.contracts.Marts.DISTINCT_GAPS;
import static io.ghactivity.contracts.Marts.FACT_EVENTS;
import static io.ghactivity.contracts.Marts.HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.HOURLY_TOTALS;
import static io.ghactivity.contracts.Marts.REPO_DAILY_ACTIVITY;
import static io.ghactivity.contracts.Marts.REPO_HOURLY_ACTIVITY;
import static io.ghactivity.contracts.Marts.REPO_NAMES;
import static io.ghactivity.loader.WarehouseSchema.ENTITY_HOURS;
import static io.ghactivity.loader.WarehouseSchema.ENTITY_LATEST;

import io.ghactivity.contracts.GhArchiveHour;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The portable SQL that replaces one hour in the warehouse once its rows sit in the session's {@code stage_events}
 * table: fact delete+insert, the incremental {@code distinct_gaps} update, and every mart touched by that hour.
 * The same text runs on DuckDB, Redshift and PostgreSQL (standard SQL only: UPDATE … FROM, window functions, temp
 * tables). Hour values are generated literals (typed, never user text), which keeps the statements readable in logs
 * and comparable in tests.
 */
public final class HourSql {
    public static final String STAGE = "stage_events";
    /** Session temp tables of one load, dropped before the next one in the same session. */
    public static final List<String> TEMP_TABLES = List.of(STAGE, "new_presence", "old_presence", "changed_presence",
            "affected", "gap_delta", "touched_repos", "new_names", "repo_day");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final Map<String, String> vars;

    public HourSql(GhArchiveHour hour) {
        GhArchiveHour day = new GhArchiveHour(hour.start().toLocalDate().atStartOfDay());
        long h = hour.epochHour();
        this.vars = Map.of(
                ":H", Long.toString(h),
                ":TS1", timestamp(hour.next()),
                ":TS", timestamp(hour),
                ":D0", timestamp(day),
                ":D1", timestamp(new GhArchiveHour(day.start().plusDays(1))),
                ":DA", Long.toString(day.epochHour()),
                ":DB", Long.toString(day.epochHour() + 23),
                ":D", "DATE '" + hour.dt() + "'");
    }

    public static String timestamp(GhArchiveHour hour) {
        return "TIMESTAMP '" + hour.start().format(TS) + "'";
    }

    /** Replaces {@code :VAR} placeholders; longer names first so {@code :TS1} is not read as {@code :TS} + "1". */
    String fill(String sql) {
        String out = sql;
        for (String k : List.of(":TS1", ":TS", ":D0", ":D1", ":DA", ":DB", ":D", ":H")) {
            out = out.replace(k, vars.get(k));
        }
        return out;
    }

    /**
     * Everything after staging, in order, inside the load's transaction. {@code appendOnly}: H is later than every
     * hour loaded so far (see {@link #maxLoadedHourSql()}), so no entity has an active hour after H and each entity's
     * previous hour is its {@code entity_latest} row — the cheap path for in-order loading.
     */
    public List<String> replaceHour(boolean appendOnly) {
        List<String> s = new ArrayList<>();
        String cols = WarehouseSchema.factColumnList();
        s.add("DELETE FROM " + FACT_EVENTS + " WHERE event_hour = :TS");
        s.add("INSERT INTO " + FACT_EVENTS + " (" + cols + ", event_hour) SELECT " + cols + ", :TS FROM " + STAGE);
        s.addAll(distinctGaps(appendOnly));
        s.addAll(hourlyMarts());
        s.addAll(repoMarts(appendOnly));
        s.addAll(dailyMarts());
        return s.stream().map(this::fill).toList();
    }

    /**
     * Incremental gaps: only entities whose presence in this hour changed (all of them on a first load, none on a
     * reload of the same data) move. For such an entity with neighbours p (last active hour before H, or -1) and c
     * (first after H, if any): being added turns gap (p,c) into (p,H)+(H,c); being removed does the reverse.
     */
    /** The latest hour present in {@code entity_hours}, or -1: decides {@code appendOnly}. */
    public static String maxLoadedHourSql() {
        return "SELECT COALESCE(MAX(hour), -1) FROM " + ENTITY_HOURS;
    }

    List<String> distinctGaps(boolean appendOnly) {
        // Typed literal: a bare 'actor' in Redshift CTAS would become a CHAR(5)-like column.
        String present = "SELECT CAST('%1$s' AS VARCHAR(16)) AS entity, type AS event_type, %2$s AS id FROM " + STAGE
                + " WHERE %2$s IS NOT NULL GROUP BY type, %2$s"
                + " UNION ALL SELECT '%1$s', '" + ALL_TYPES + "', %2$s FROM " + STAGE
                + " WHERE %2$s IS NOT NULL GROUP BY %2$s";
        String sameKey = "%1$s.entity = %2$s.entity AND %1$s.event_type = %2$s.event_type";
        String gapKey = String.format(sameKey, DISTINCT_GAPS, "g") + " AND " + DISTINCT_GAPS + ".prev_hour = g.prev_hour"
                + " AND " + DISTINCT_GAPS + ".cur_hour = g.cur_hour";
        return List.of(
                "CREATE TEMP TABLE new_presence AS " + String.format(present, "actor", "actor_id")
                        + " UNION ALL " + String.format(present, "repo", "repo_id"),
                "CREATE TEMP TABLE old_presence AS SELECT entity, event_type, id FROM " + ENTITY_HOURS + " WHERE hour = :H",
                "CREATE TEMP TABLE changed_presence AS SELECT entity, event_type, id, MAX(added) AS added FROM ("
                        + "SELECT entity, event_type, id, 1 AS added FROM new_presence"
                        + " UNION ALL SELECT entity, event_type, id, 0 AS added FROM old_presence) u"
                        + " GROUP BY entity, event_type, id HAVING COUNT(*) = 1",
                appendOnly
                        ? "CREATE TEMP TABLE affected AS SELECT c.entity, c.event_type, c.id, c.added,"
                        + " COALESCE(l.last_hour, -1) AS prev_hour, CAST(NULL AS INTEGER) AS next_hour"
                        + " FROM changed_presence c LEFT JOIN " + ENTITY_LATEST + " l ON "
                        + String.format(sameKey, "l", "c") + " AND l.id = c.id"
                        : "CREATE TEMP TABLE affected AS SELECT c.entity, c.event_type, c.id, c.added,"
                        + " COALESCE(MAX(CASE WHEN e.hour < :H THEN e.hour END), -1) AS prev_hour,"
                        + " MIN(CASE WHEN e.hour > :H THEN e.hour END) AS next_hour"
                        + " FROM changed_presence c LEFT JOIN " + ENTITY_HOURS + " e ON "
                        + String.format(sameKey, "e", "c") + " AND e.id = c.id"
                        + " GROUP BY c.entity, c.event_type, c.id, c.added",
                "CREATE TEMP TABLE gap_delta AS SELECT entity, event_type, prev_hour, cur_hour, SUM(d) AS d FROM ("
                        + "SELECT entity, event_type, prev_hour, :H AS cur_hour, 2 * added - 1 AS d FROM affected"
                        + " UNION ALL SELECT entity, event_type, :H, next_hour, 2 * added - 1 FROM affected"
                        + " WHERE next_hour IS NOT NULL"
                        + " UNION ALL SELECT entity, event_type, prev_hour, next_hour, 1 - 2 * added FROM affected"
                        + " WHERE next_hour IS NOT NULL) u"
                        + " GROUP BY entity, event_type, prev_hour, cur_hour HAVING SUM(d) <> 0",
                "UPDATE " + DISTINCT_GAPS + " SET n = " + DISTINCT_GAPS + ".n + g.d FROM gap_delta g WHERE " + gapKey,
                "INSERT INTO " + DISTINCT_GAPS + " (entity, event_type, prev_hour, cur_hour, n)"
                        + " SELECT g.entity, g.event_type, g.prev_hour, g.cur_hour, g.d FROM gap_delta g"
                        + " WHERE NOT EXISTS (SELECT 1 FROM " + DISTINCT_GAPS + " WHERE " + gapKey + ")",
                "DELETE FROM " + DISTINCT_GAPS + " WHERE n = 0",
                "DELETE FROM " + ENTITY_HOURS + " WHERE hour = :H",
                "INSERT INTO " + ENTITY_HOURS + " (entity, event_type, id, hour)"
                        + " SELECT entity, event_type, id, :H FROM new_presence",
                // An entity's last hour changes only when it has no active hour after H: then it becomes H (added)
                // or its previous hour (removed; -1 = no hour left, deleted below). Updated in place rather than
                // deleted and re-inserted: DuckDB keeps deleted rows in their row groups, so delete+insert would
                // grow the table by an hour's entities every hour.
                "UPDATE " + ENTITY_LATEST + " SET last_hour = CASE WHEN a.added = 1 THEN :H ELSE a.prev_hour END"
                        + " FROM affected a WHERE a.next_hour IS NULL AND " + String.format(sameKey, ENTITY_LATEST, "a")
                        + " AND " + ENTITY_LATEST + ".id = a.id",
                // An added entity with no hour before or after H has no entity_latest row yet (no anti-join needed).
                "INSERT INTO " + ENTITY_LATEST + " (entity, event_type, id, last_hour)"
                        + " SELECT a.entity, a.event_type, a.id, :H FROM affected a"
                        + " WHERE a.next_hour IS NULL AND a.added = 1 AND a.prev_hour = -1",
                "DELETE FROM " + ENTITY_LATEST + " WHERE last_hour < 0");
    }

    List<String> hourlyMarts() {
        String distinct = "COUNT(*), COUNT(DISTINCT actor_id), COUNT(DISTINCT repo_id) FROM " + STAGE;
        return List.of(
                "DELETE FROM " + HOURLY_ACTIVITY + " WHERE event_hour = :TS",
                "INSERT INTO " + HOURLY_ACTIVITY + " (event_hour, event_type, events, actors, repos)"
                        + " SELECT :TS, type, " + distinct + " GROUP BY type",
                "DELETE FROM " + HOURLY_TOTALS + " WHERE event_hour = :TS",
                "INSERT INTO " + HOURLY_TOTALS + " (event_hour, events, actors, repos) SELECT :TS, " + distinct);
    }

    /** Per-repo marts; the daily one is recomputed only for repos active in this hour before or after the load. */
    List<String> repoMarts(boolean appendOnly) {
        String perType = "SUM(CASE WHEN a.event_type = '%s' THEN a.events ELSE 0 END)";
        return List.of(
                "CREATE TEMP TABLE touched_repos AS SELECT repo_id FROM " + REPO_HOURLY_ACTIVITY + " WHERE event_hour = :TS"
                        + " UNION SELECT repo_id FROM " + STAGE + " WHERE repo_id IS NOT NULL",
                "DELETE FROM " + REPO_HOURLY_ACTIVITY + " WHERE event_hour = :TS",
                "INSERT INTO " + REPO_HOURLY_ACTIVITY + " (event_hour, event_type, repo_id, events)"
                        + " SELECT :TS, type, repo_id, COUNT(*) FROM " + STAGE + " WHERE repo_id IS NOT NULL GROUP BY type, repo_id",
                "CREATE TEMP TABLE new_names AS SELECT repo_id, repo_name, created_at AS seen_at FROM ("
                        + "SELECT repo_id, repo_name, created_at, ROW_NUMBER() OVER (PARTITION BY repo_id"
                        + " ORDER BY created_at DESC, id DESC) AS rn FROM " + STAGE
                        + " WHERE repo_id IS NOT NULL AND repo_name IS NOT NULL) r WHERE rn = 1",
                appendOnly
                        ? "UPDATE " + REPO_NAMES + " SET repo_name = n.repo_name, seen_at = n.seen_at FROM new_names n"
                        + " WHERE " + REPO_NAMES + ".repo_id = n.repo_id AND n.seen_at >= " + REPO_NAMES + ".seen_at"
                        // Out of order or a reload: rows of the hour may have vanished, so the touched repos' latest
                        // names come from the facts (already replaced above) — exact, and rare enough to afford.
                        : "DELETE FROM " + REPO_NAMES + " WHERE repo_id IN (SELECT repo_id FROM touched_repos)",
                appendOnly
                        ? "INSERT INTO " + REPO_NAMES + " (repo_id, repo_name, seen_at) SELECT n.repo_id, n.repo_name, n.seen_at"
                        + " FROM new_names n WHERE NOT EXISTS (SELECT 1 FROM " + REPO_NAMES + " r WHERE r.repo_id = n.repo_id)"
                        : "INSERT INTO " + REPO_NAMES + " (repo_id, repo_name, seen_at) SELECT repo_id, repo_name, created_at"
                        + " FROM (SELECT repo_id, repo_name, created_at, ROW_NUMBER() OVER (PARTITION BY repo_id"
                        + " ORDER BY created_at DESC, id DESC) AS rn FROM " + FACT_EVENTS + " WHERE repo_name IS NOT NULL"
                        + " AND repo_id IN (SELECT repo_id FROM touched_repos)) f WHERE rn = 1",
                "CREATE TEMP TABLE repo_day AS SELECT a.repo_id, MAX(n.repo_name) AS repo_name, SUM(a.events) AS events, "
                        + String.format(perType, "WatchEvent") + " AS stars, " + String.format(perType, "ForkEvent")
                        + " AS forks, " + String.format(perType, "PushEvent") + " AS pushes, "
                        + String.format(perType, "PullRequestEvent") + " AS pull_requests, "
                        + String.format(perType, "IssuesEvent") + " AS issues"
                        + " FROM " + REPO_HOURLY_ACTIVITY + " a JOIN touched_repos t ON t.repo_id = a.repo_id"
                        + " LEFT JOIN " + REPO_NAMES + " n ON n.repo_id = a.repo_id"
                        + " WHERE a.event_hour >= :D0 AND a.event_hour < :D1 GROUP BY a.repo_id",
                // In place for repos already in the day (most of them after the day's first hours), see entity_latest.
                "UPDATE " + REPO_DAILY_ACTIVITY + " SET repo_name = r.repo_name, events = r.events, stars = r.stars,"
                        + " forks = r.forks, pushes = r.pushes, pull_requests = r.pull_requests, issues = r.issues"
                        + " FROM repo_day r WHERE " + REPO_DAILY_ACTIVITY + ".event_date = :D AND "
                        + REPO_DAILY_ACTIVITY + ".repo_id = r.repo_id",
                "INSERT INTO " + REPO_DAILY_ACTIVITY
                        + " (event_date, repo_id, repo_name, events, stars, forks, pushes, pull_requests, issues)"
                        + " SELECT :D, r.repo_id, r.repo_name, r.events, r.stars, r.forks, r.pushes, r.pull_requests, r.issues"
                        + " FROM repo_day r WHERE NOT EXISTS (SELECT 1 FROM " + REPO_DAILY_ACTIVITY + " x"
                        + " WHERE x.event_date = :D AND x.repo_id = r.repo_id)",
                "DELETE FROM " + REPO_DAILY_ACTIVITY + " WHERE event_date = :D"
                        + " AND repo_id IN (SELECT repo_id FROM touched_repos) AND repo_id NOT IN (SELECT repo_id FROM repo_day)");
    }

    /** Daily marts from the hourly ones plus exact distinct counts for the whole day from {@code distinct_gaps}. */
    List<String> dailyMarts() {
        String gaps = "SELECT event_type, SUM(n) AS n FROM " + DISTINCT_GAPS + " WHERE entity = '%s'"
                + " AND cur_hour BETWEEN :DA AND :DB AND prev_hour < :DA GROUP BY event_type";
        String inDay = " WHERE event_hour >= :D0 AND event_hour < :D1";
        return List.of(
                "DELETE FROM " + DAILY_ACTIVITY + " WHERE event_date = :D",
                "INSERT INTO " + DAILY_ACTIVITY + " (event_date, event_type, events, actors, repos)"
                        + " SELECT :D, h.event_type, h.events, COALESCE(a.n, 0), COALESCE(r.n, 0) FROM"
                        + " (SELECT event_type, SUM(events) AS events FROM " + HOURLY_ACTIVITY + inDay + " GROUP BY event_type) h"
                        + " LEFT JOIN (" + String.format(gaps, "actor") + ") a ON a.event_type = h.event_type"
                        + " LEFT JOIN (" + String.format(gaps, "repo") + ") r ON r.event_type = h.event_type",
                "DELETE FROM " + DAILY_TOTALS + " WHERE event_date = :D",
                "INSERT INTO " + DAILY_TOTALS + " (event_date, events, actors, repos)"
                        + " SELECT :D, h.events, COALESCE(a.n, 0), COALESCE(r.n, 0) FROM"
                        + " (SELECT SUM(events) AS events FROM " + HOURLY_TOTALS + inDay + ") h"
                        + " LEFT JOIN (" + String.format(gaps, "actor") + ") a ON a.event_type = '" + ALL_TYPES + "'"
                        + " LEFT JOIN (" + String.format(gaps, "repo") + ") r ON r.event_type = '" + ALL_TYPES + "'");
    }
}
