package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job state's file format: typed hours in memory, the same JSON on disk as before they were typed. */
class StateLogTest {
    private static final GhArchiveHour H6 = GhArchiveHour.parse("2022-06-05T06");
    private static final GhArchiveHour H7 = GhArchiveHour.parse("2022-06-05T07");
    private static final GhArchiveHour H8 = GhArchiveHour.parse("2022-06-05T08");
    private static final GhArchiveHour H9 = GhArchiveHour.parse("2022-06-05T09");

    /** {@code 7.json} was written by the job before hours were typed (its StateLog, the state below). */
    @Test
    void aStateFileWrittenBeforeHoursWereTypedLoads(@TempDir Path checkpoint) throws IOException {
        Path state = checkpoint.resolve("gh-state/7.json");
        Files.createDirectories(state.getParent());
        try (InputStream in = StateLogTest.class.getResourceAsStream("/state-before-typed-hours/gh-state/7.json")) {
            Files.copy(in, state);
        }
        JobState s = new StateLog(new LakeFs(new Configuration()), checkpoint.toString()).latest();
        assertThat(s).isEqualTo(expected());
        assertThat(s.openHours()).containsExactly(H8, H9);
        assertThat(s.closed(H7)).isEqualTo(new ClosedHour(H7, 2));
        assertThat(s.closed(H8)).isNull();
    }

    @Test
    void aTypedStateRoundTripsAndKeepsTheFileFormat(@TempDir Path checkpoint) throws IOException {
        StateLog log = new StateLog(new LakeFs(new Configuration()), checkpoint.toString());
        log.write(expected());
        assertThat(log.latest()).isEqualTo(expected());
        String written = Files.readString(checkpoint.resolve("gh-state/7.json"), StandardCharsets.UTF_8);
        assertThat(written).contains("\"openHours\":[\"2022-06-05T08\",\"2022-06-05T09\"]")
                .contains("\"closedRevisions\":{\"2022-06-05T06\":1,\"2022-06-05T07\":2}");
    }

    private static JobState expected() {
        HourEndMarker m = new HourEndMarker("2022-06-05T09", "2022-06-05-9.json.gz", 120, 2, "gharchive.events",
                Map.of(0, 75L, 1, 80L), "replay-1", "2026-12-04T20:30:00Z");
        return new JobState(7, 1654422000000L, new TreeMap<>(Map.of(0, 70L, 1, 64L)), new TreeMap<>(Map.of(0, 3L)),
                List.of(m), new TreeSet<>(List.of(H8, H9)), new TreeMap<>(Map.of(H6, 1, H7, 2)));
    }
}
