package io.ghactivity.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.stream.core.CommittedFile;
import io.ghactivity.stream.core.JobState;
import io.ghactivity.stream.core.LakeFs;
import io.ghactivity.stream.core.LongSet;
import io.ghactivity.stream.core.StateLog;
import io.ghactivity.stream.core.StreamConfig;
import io.ghactivity.stream.core.TriggerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigAndStateTest {

    @Test
    void triggersAndDurations() {
        assertThat(TriggerSpec.parse("available-now").availableNow()).isTrue();
        assertThat(TriggerSpec.parse("1h").interval()).isEqualTo(Duration.ofHours(1));
        assertThat(TriggerSpec.parse("30s").interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(TriggerSpec.parse("500ms").interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(TriggerSpec.parseDuration("PT10M", "--x")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> TriggerSpec.parse("soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--trigger 'soon'");
    }

    @Test
    void commandLineBuildsTheConfigWithCheckpointUnderTheLakeAndKafkaPassThrough() {
        StreamCommand cmd = new StreamCommand();
        new CommandLine(cmd).parseArgs("--lake", "s3a://bucket/gh/", "--msk-iam", "--kafka-option", "fetch.min.bytes=1000",
                "--trigger", "available-now", "--allowed-lateness", "15m");
        StreamConfig c = cmd.config();
        assertThat(c.checkpoint()).isEqualTo("s3a://bucket/gh/_checkpoints/stream");
        assertThat(c.kafkaOptions()).containsEntry("kafka.fetch.min.bytes", "1000")
                .containsEntry("kafka.sasl.mechanism", "AWS_MSK_IAM").containsEntry("kafka.security.protocol", "SASL_SSL");
        assertThat(c.plainKafkaProperties()).containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(c.allowedLateness()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.runId()).isNotBlank();
    }

    @Test
    void markersAreCoveredOnlyWhenEveryPartitionIsCommittedUpToTheirOffsets() {
        HourEndMarker m = new HourEndMarker("2022-06-05T07", "2022-06-05-7.json.gz", 10, 0, "t", Map.of(0, 5L, 1, 7L), "r", "now");
        JobState s = state(Map.of(0, 5L, 1, 6L));
        assertThat(s.covers(m)).isFalse();
        assertThat(state(Map.of(0, 5L, 1, 7L)).covers(m)).isTrue();
        assertThat(state(Map.of(0, 9L, 1, 9L, 2, 1L)).covers(m)).isTrue();
        assertThat(JobState.initial().watermarkMillis(1000)).isNull();
    }

    @Test
    void stateSurvivesAJsonRoundTripAndOldFilesArePruned(@TempDir Path dir) {
        StateLog log = new StateLog(new LakeFs(new Configuration()), dir.toString());
        HourEndMarker m = new HourEndMarker("2022-06-05T07", "f", 1, 0, "t", Map.of(0, 5L), "r", "now");
        for (long b = 0; b < StateLog.RETAIN + 5; b++) {
            log.write(new JobState(b, 1000 * b, new TreeMap<>(Map.of(0, b)), new TreeMap<>(Map.of(0, 2L)), List.of(m),
                    new TreeSet<>(List.of(GhArchiveHour.parse("2022-06-05T08"))),
                    new TreeMap<>(Map.of(GhArchiveHour.parse("2022-06-05T07"), 2))));
        }
        JobState s = log.before(10);
        assertThat(s.batchId()).isEqualTo(9);
        assertThat(s.pendingMarkers()).containsExactly(m);
        assertThat(s.closedRevisions()).containsEntry(GhArchiveHour.parse("2022-06-05T07"), 2);
        assertThat(log.latest().batchId()).isEqualTo(StateLog.RETAIN + 4);
        assertThat(log.before(0).batchId()).isEqualTo(-1);
        assertThat(dir.resolve("gh-state").toFile().list()).hasSize(StateLog.RETAIN);
    }

    @Test
    void hourOfACommittedFileComesFromItsPartitionDirectories() {
        assertThat(CommittedFile.hourOf("s3a://b/gh/events/dt=2022-06-05/hr=07/part-00000-x.zstd.parquet"))
                .isEqualTo(GhArchiveHour.parse("2022-06-05T07"));
        assertThat(CommittedFile.hourOf("file:/lake/rejects/reason=not_json/part-0.parquet")).isNull();
    }

    @Test
    void longSetHoldsEveryIdOnceAcrossGrowth() {
        LongSet set = new LongSet();
        for (long i = 0; i < 100_000; i++) {
            assertThat(set.add(i * 7919)).isTrue();
        }
        assertThat(set.add(7919)).isFalse();
        assertThat(set.size()).isEqualTo(100_000);
        assertThat(set.contains(99_999L * 7919)).isTrue();
        assertThat(set.contains(3)).isFalse();
        assertThat(set.contains(0)).isTrue();
    }

    private static JobState state(Map<Integer, Long> positions) {
        return new JobState(0, 0, new TreeMap<>(positions), new TreeMap<>(), List.of(), new TreeSet<>(), new TreeMap<>());
    }
}
