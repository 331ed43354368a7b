package io.ghactivity.contracts;

/**
 * The warehouse tables: written by the loader, read by the dashboard (and Metabase in the cloud). Same logical schema
 * in DuckDB and Redshift. The dashboard reads marts only, never {@link #FACT_EVENTS}.
 *
 * <p>Hours are UTC. Where a column is an "epoch hour" it is {@link GhArchiveHour#epochHour()}: hours since 1970-01-01T00.
 */
public final class Marts {

    /** Fact table: one row per unique event; the typed columns of {@link LakeSchema} (raw payload stays in the lake). */
    public static final String FACT_EVENTS = "github_events";

    /** One row per loaded hour: hour, manifest path and revision, rows, checksum, loaded_at. */
    public static final String LOAD_LOG = "load_log";

    /** One row per (hour, check): name, passed, detail, checked_at. A failed check fails the load. */
    public static final String QUALITY_CHECKS = "quality_checks";

    /**
     * {@code hourly_activity(event_hour TIMESTAMP, event_type VARCHAR, events BIGINT, actors BIGINT, repos BIGINT)}:
     * per hour and type; {@code actors}/{@code repos} are distinct within that hour and type only — never sum them
     * across hours or types (use {@link #DISTINCT_GAPS}).
     */
    public static final String HOURLY_ACTIVITY = "hourly_activity";

    /** {@code hourly_totals(event_hour, events, actors, repos)}: all types together, distinct within the hour. */
    public static final String HOURLY_TOTALS = "hourly_totals";

    /** {@code daily_activity(event_date DATE, event_type, events, actors, repos)}: distinct within day and type. */
    public static final String DAILY_ACTIVITY = "daily_activity";

    /** {@code daily_totals(event_date DATE, events, actors, repos)}: all types, distinct within the day. */
    public static final String DAILY_TOTALS = "daily_totals";

    /**
     * Exact distinct counts over ANY hour range, in one small scan:
     * {@code distinct_gaps(entity VARCHAR, event_type VARCHAR, prev_hour INTEGER, cur_hour INTEGER, n BIGINT)}.
     *
     * <p>For each entity ({@code 'actor'} or {@code 'repo'}) and type filter ({@code '*'} = all types), take the sorted
     * epoch hours in which it was active, h1 &lt; h2 &lt; …; every consecutive pair (h_{i-1}, h_i) is a "gap" (h_0 = -1).
     * {@code n} counts entities per (entity, event_type, prev_hour, cur_hour). An entity is active in [a, b] exactly when
     * one of its gaps has prev_hour &lt; a ≤ cur_hour ≤ b, and at most one gap can, so:
     * <pre>
     * distinct entities active in hours [a, b] = SUM(n) WHERE entity = ? AND event_type = ?
     *                                            AND cur_hour BETWEEN a AND b AND prev_hour &lt; a
     * </pre>
     */
    public static final String DISTINCT_GAPS = "distinct_gaps";

    /** Value of {@code distinct_gaps.event_type} meaning "all event types". */
    public static final String ALL_TYPES = "*";
    public static final String ENTITY_ACTOR = "actor";
    public static final String ENTITY_REPO = "repo";

    /**
     * {@code repo_daily_activity(event_date DATE, repo_id BIGINT, repo_name VARCHAR, events, stars, forks, pushes,
     * pull_requests, issues)}: per repo and day; stars = WatchEvent, forks = ForkEvent, pushes = PushEvent,
     * pull_requests = PullRequestEvent, issues = IssuesEvent.
     */
    public static final String REPO_DAILY_ACTIVITY = "repo_daily_activity";

    /**
     * {@code repo_hourly_activity(event_hour TIMESTAMP, event_type VARCHAR, repo_id BIGINT, events BIGINT)}: exact
     * per-repo counts for any hour range and type filter (most / least active repos).
     */
    public static final String REPO_HOURLY_ACTIVITY = "repo_hourly_activity";

    /** {@code repo_names(repo_id BIGINT, repo_name VARCHAR)}: the latest name seen for each repo id. */
    public static final String REPO_NAMES = "repo_names";

    private Marts() {
    }
}
