package io.ghactivity.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The few fields of a real event the marts are built from and the independent counts are taken over. */
record SampleEvent(long id, String type, Instant createdAt, long actorId, long repoId, String repoName) {
    private static final ObjectMapper JSON = new ObjectMapper();

    GhArchiveHour hour() {
        return GhArchiveHour.containing(createdAt);
    }

    static List<SampleEvent> of(RealSample sample) {
        return sample.eventLines().stream().map(SampleEvent::parse).toList();
    }

    static SampleEvent parse(byte[] line) {
        try {
            JsonNode e = JSON.readTree(line);
            return new SampleEvent(e.path("id").asLong(), e.path("type").asText(),
                    Instant.parse(e.path("created_at").asText()), e.path("actor").path("id").asLong(),
                    e.path("repo").path("id").asLong(), e.path("repo").path("name").asText());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A copy moved to another hour (same minute and second), for building extra hours from real events. */
    SampleEvent movedTo(GhArchiveHour target, long newId) {
        long offset = createdAt.getEpochSecond() % 3600;
        return new SampleEvent(newId, type, target.startInstant().plusSeconds(offset), actorId, repoId, repoName);
    }
}
