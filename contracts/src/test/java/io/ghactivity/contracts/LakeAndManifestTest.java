package io.ghactivity.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeAndManifestTest {
    private final GhArchiveHour hour = GhArchiveHour.parse("2022-06-05T07");

    @Test
    void layoutForDirectoriesAndS3() {
        LakeLayout local = new LakeLayout("/data/lake/");
        assertThat(local.eventsPartition(hour)).isEqualTo("/data/lake/events/dt=2022-06-05/hr=07");
        assertThat(local.manifest(hour)).isEqualTo("/data/lake/_manifests/events/dt=2022-06-05/hr=07.json");
        assertThat(local.checkpoint("stream")).isEqualTo("/data/lake/_checkpoints/stream");
        assertThat(local.isS3()).isFalse();

        LakeLayout s3 = new LakeLayout("s3a://bucket/prefix");
        assertThat(s3.isS3()).isTrue();
        assertThat(s3.eventsPartition(hour)).isEqualTo("s3a://bucket/prefix/events/dt=2022-06-05/hr=07");
    }

    @Test
    void manifestRoundTripsAndRefusesInconsistentOnes() {
        HourManifest m = new HourManifest(HourManifest.FORMAT_VERSION, "2022-06-05T07", 1,
                List.of(new HourManifest.DataFile("/lake/events/dt=2022-06-05/hr=07/part-0.parquet", 1234, 10),
                        new HourManifest.DataFile("/lake/events/dt=2022-06-05/hr=07/part-1.parquet", 999, 5)),
                15, "2022-06-05T07:00:00Z", "2022-06-05T07:59:59Z", "2022-06-05T08:00:00Z", "run-1", "2022-06-05T08:01:00Z");
        assertThat(HourManifest.fromJson(m.toJsonBytes(), "test")).isEqualTo(m);

        String wrongRows = new String(m.toJsonBytes(), StandardCharsets.UTF_8).replace("\"rows\" : 15", "\"rows\" : 16");
        assertThatThrownBy(() -> HourManifest.fromJson(wrongRows.getBytes(StandardCharsets.UTF_8), "x.json"))
                .hasMessageContaining("rows=16").hasMessageContaining("15");
        assertThatThrownBy(() -> HourManifest.fromJson("{\"hour\":".getBytes(StandardCharsets.UTF_8), "cut.json"))
                .hasMessageContaining("cut.json is not valid JSON");
    }

    @Test
    void hourEndMarkerRoundTrips() {
        HourEndMarker marker = new HourEndMarker("2022-06-05T07", "2022-06-05-7.json.gz", 10, 2, Topics.EVENTS,
                Map.of(0, 5L, 1, 7L), "run-1", "2022-06-05T08:05:00Z");
        assertThat(HourEndMarker.fromJson(marker.toJsonBytes())).isEqualTo(marker);
    }
}
