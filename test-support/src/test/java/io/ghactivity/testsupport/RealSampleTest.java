package io.ghactivity.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RealSampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(RealSample.class)
    void everySampleYieldsItsDocumentedEventsAsOneObjectPerLine(RealSample sample) throws IOException {
        var lines = sample.eventLines();
        Set<String> ids = new HashSet<>();
        for (byte[] line : lines) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).isTrue();
            assertThat(event.path("type").asText()).endsWith("Event");
            assertThat(event.path("created_at").asText()).endsWith("Z");
            if (event.has("id")) {
                ids.add(event.get("id").asText());
            }
        }
        assertThat(lines).hasSize(sample.documentedEventCount());
    }

    @Test
    void bulkSampleKeepsItsActionLinesInTheRawView() {
        assertThat(RealSample.QUICKWIT_BULK.rawLines()).hasSize(200);
        assertThat(RealSample.QUICKWIT_BULK.eventLines()).hasSize(100);
    }
}
