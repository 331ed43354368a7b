package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new checkpoint continuing a lake after a recreated topic, without Spark: the seed state, the batch-id mapping, the records. */
class ContinuationTest {
    static final GhArchiveHour H1 = GhArchiveHour.parse("2022-06-10T01");
    static final GhArchiveHour H2 = H1.next();
    static final GhArchiveHour H3 = H2.next();
    static final TopicIds IDS = new TopicIds("ev", "events-1", "ctl", "control-1");

    private final LakeFs fs = new LakeFs(new Configuration());

    @Test
    void seedKeepsTheHoursAndTheHighMarkAndDropsWhatReferredToTheOldTopic() {
        JobState old = oldState();
        JobState seed = Continuation.seedState(old, 8, true, Set.of(H1, H2));
        assertThat(seed.batchId()).as("the state 'after' the batch before the base").isEqualTo(7);
        assertThat(seed.positions()).as("old topic's offsets").isEmpty();
        assertThat(seed.pendingMarkers()).as("their offsets are the old topic's").isEmpty();
        assertThat(seed.controlOffsets()).as("same control topic: no marker read twice").isEqualTo(Map.of(0, 3L));
        assertThat(seed.openHours()).containsExactly(H2);
        assertThat(seed.closedRevisions()).isEqualTo(Map.of(H1, 2));
        assertThat(seed.maxEventMillis()).isEqualTo(old.maxEventMillis());

        assertThat(Continuation.seedState(old, 8, false, Set.of()).controlOffsets())
                .as("a recreated control topic is read from its start").isEmpty();
        assertThat(Continuation.seedState(old, 8, true, Set.of(H1, H2, H3)).openHours())
                .as("an hour with committed files the old state missed (it died before writing it) is open")
                .containsExactly(H2, H3);
    }

    @Test
    void lakeBatchIdsAreTheBasePlusSparksAndSparksWithoutAContinuation() {
        Continuation c = new Continuation(8, "old", "now");
        assertThat(c.lakeBatchId(0)).isEqualTo(8);
        assertThat(c.lakeBatchId(3)).isEqualTo(11);
        assertThat(Continuation.NONE.lakeBatchId(3)).isEqualTo(3);
        assertThat(Continuation.NONE.continues()).isFalse();
    }

    @Test
    void beginRecordsOnceAfterTheLakesNewestBatchAndRetiresTheOldCheckpoint(@TempDir Path dir) throws Exception {
        String old = dir.resolve("old").toString();
        String fresh = dir.resolve("new").toString();
        new StateLog(fs, old).write(oldState());
        IDS.write(fs, old);
        StreamConfig config = config(dir).withCheckpoint(fresh);
        TopicIds now = new TopicIds("ev", "events-2", "ctl", "control-1");
        Log events = new Log(6, List.of(new CommittedFile(dir + "/lake/events/dt=2022-06-10/hr=03/a.parquet", 10)));
        Log rejects = new Log(7, List.of());

        Continuation c = Continuation.begin(fs, config, old, events, rejects, now);
        assertThat(c.lakeBatchBase()).as("one past the newest batch of either sink log").isEqualTo(8);
        assertThat(c.continuedFrom()).isEqualTo(old);
        assertThat(Continuation.of(fs, fresh)).isEqualTo(c);
        JobState seed = new StateLog(fs, fresh).latest();
        assertThat(seed.batchId()).isEqualTo(7);
        assertThat(seed.controlOffsets()).isEqualTo(Map.of(0, 3L));
        assertThat(seed.openHours()).containsExactly(H2, H3);
        assertThat(TopicIds.read(fs, fresh)).contains(now);

        assertThatThrownBy(() -> Continuation.refuseIfReplaced(fs, old)).isInstanceOf(UserError.class)
                .hasMessageContaining("was replaced by " + fresh);
        Continuation.refuseIfReplaced(fs, fresh);
        assertThat(Continuation.begin(fs, config, old, new Log(20, List.of()), rejects, now))
                .as("the same command again: the recorded continuation").isEqualTo(c);
        assertThatThrownBy(() -> Continuation.begin(fs, config, dir.resolve("other").toString(), events, rejects, now))
                .isInstanceOf(UserError.class).hasMessageContaining("already continues " + old);
        assertThatThrownBy(() -> Continuation.begin(fs, config.withCheckpoint(dir.resolve("third").toString()), old,
                events, rejects, now)).isInstanceOf(UserError.class)
                .hasMessageContaining("was already continued by " + fresh);
    }

    @Test
    void beginRefusesWhatCannotBeContinued(@TempDir Path dir) throws Exception {
        String old = dir.resolve("old").toString();
        new StateLog(fs, old).write(oldState());
        Log events = new Log(3, List.of());
        StreamConfig config = config(dir).withCheckpoint(dir.resolve("new").toString());
        assertThatThrownBy(() -> Continuation.begin(fs, config.withCheckpoint(old), old, events, events, IDS))
                .isInstanceOf(UserError.class).hasMessageContaining("names the checkpoint itself");
        assertThatThrownBy(() -> Continuation.begin(fs, config, dir.resolve("nothing").toString(), events, events, IDS))
                .isInstanceOf(UserError.class).hasMessageContaining("holds no job state");
        assertThatThrownBy(() -> Continuation.begin(fs, config, old, new Log(-1, List.of()), new Log(-1, List.of()), IDS))
                .isInstanceOf(UserError.class).hasMessageContaining("nothing to continue");
        Files.createDirectories(dir.resolve("used/offsets"));
        Files.writeString(dir.resolve("used/offsets/0"), "v1");
        assertThatThrownBy(() -> Continuation.begin(fs, config.withCheckpoint(dir.resolve("used").toString()), old,
                events, events, IDS)).isInstanceOf(UserError.class).hasMessageContaining("needs a new --checkpoint");
    }

    @Test
    void topicIdsNameTheRecreatedTopicAndLearnAControlTopicCreatedLater() {
        assertThat(IDS.recreatedSince(IDS)).isEmpty();
        TopicIds eventsRecreated = new TopicIds("ev", "events-2", "ctl", "control-1");
        assertThat(eventsRecreated.recreatedSince(IDS)).containsExactly(
                "the events topic ev was deleted and created again since this checkpoint began (topic id events-1, now events-2)");
        assertThat(new TopicIds("ev", null, "ctl", "control-1").recreatedSince(IDS))
                .as("a topic missing for a moment is not a recreation; its id is compared once it is back").isEmpty();
        TopicIds controlRecreated = new TopicIds("ev", "events-1", "ctl", "control-2");
        assertThat(controlRecreated.recreatedSince(IDS)).singleElement().asString().contains("control topic ctl");
        assertThat(controlRecreated.sameControlTopicAs(IDS)).isFalse();
        assertThat(eventsRecreated.sameControlTopicAs(IDS)).isTrue();
        assertThat(new TopicIds("ev", "events-1", "ctl", null).recreatedSince(IDS))
                .as("a control topic gone is no offset mix-up: markers just stop").isEmpty();

        TopicIds withoutControl = new TopicIds("ev", "events-1", "ctl", null);
        assertThat(withoutControl.learning(IDS)).isEqualTo(IDS);
        assertThat(IDS.learning(controlRecreated)).isEqualTo(IDS);
    }

    private static JobState oldState() {
        HourEndMarker pending = new HourEndMarker(H3.toString(), "f", 5, 0, "ev", Map.of(0, 40L), "r", "now");
        return new JobState(4, 1_654_830_000_000L, new TreeMap<>(Map.of(0, 35L, 1, 10L)), new TreeMap<>(Map.of(0, 3L)),
                List.of(pending), new TreeSet<>(Set.of(H2)), new TreeMap<>(Map.of(H1, 2)));
    }

    private static StreamConfig config(Path dir) {
        return StreamConfig.defaults(dir.resolve("lake").toString(), "127.0.0.1:9", TriggerSpec.AVAILABLE_NOW, "t")
                .withAllowedLateness(Duration.ofHours(1));
    }

    /** A sink log with a newest batch and its files: what the core reads of the lake's logs. */
    private record Log(long latestBatchId, List<CommittedFile> allFiles) implements CommitLog {
        @Override
        public List<CommittedFile> batchFiles(long batchId) {
            return List.of();
        }
    }
}
