package io.ghactivity.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON shapes of the API, one record per response element (field names as the API documents them). */
public final class Api {
    private Api() {
    }

    /** {@code GET /api/summary}: filtered counts; first/latest hour and lag describe the whole warehouse. */
    public record Summary(
            long events,
            long actors,
            long repos,
            @JsonProperty("first_hour") String firstHour,
            @JsonProperty("latest_hour") String latestHour,
            @JsonProperty("lag_seconds") Long lagSeconds,
            @JsonProperty("last_load_at") String lastLoadAt) {
    }

    /** One bar of {@code GET /api/traffic-by-hour}: UTC hour of day 0..23. */
    public record HourOfDay(int hour, long events) {
    }

    /** One row of {@code GET /api/event-types}: share of all events in the range (all types), 0..1. */
    public record TypeShare(String type, long events, double share) {
    }

    /** One point of {@code GET /api/timeline}: hour {@code YYYY-MM-DDTHH}. */
    public record TimePoint(String hour, long events) {
    }

    /** One row of {@code GET /api/repos}. */
    public record RepoEvents(String repo, @JsonProperty("repo_id") long repoId, long events) {
    }

    /**
     * {@code GET /api/status}: the cheap endpoint the page polls. {@code version} changes whenever an hour is loaded
     * or reloaded, which is when the page refetches everything.
     */
    public record Status(
            String version,
            @JsonProperty("loaded_hours") long loadedHours,
            @JsonProperty("latest_hour") String latestHour,
            @JsonProperty("last_load_at") String lastLoadAt) {
        public boolean empty() {
            return loadedHours == 0;
        }
    }

    /**
     * The body of every 4xx/5xx answer. A 5xx carries a {@code correlation_id}, also in the {@code X-Correlation-Id}
     * header and in the server log next to the cause; its message never holds internal error text.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(int status, String error, String message, @JsonProperty("correlation_id") String correlationId) {
        public Error(int status, String error, String message) {
            this(status, error, message, null);
        }
    }
}
