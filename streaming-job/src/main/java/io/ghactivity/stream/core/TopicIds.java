package io.ghactivity.stream.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kafka topic ids (UUIDs) of the events and control topics a checkpoint reads, recorded in
 * {@code <checkpoint>/gh-state/topics.json}. A topic that is deleted and created again under the same name gets a new
 * id, and its offsets start again at 0: the offsets in Spark's checkpoint and in the {@link JobState} (positions,
 * pending hour-end markers, control offsets) then belong to a topic that no longer exists. Comparing ids is how the
 * job notices — Spark's Kafka source cannot: with fewer records in the new topic than the checkpoint's offset it sees
 * a data loss, with more it reads on from the old offset and silently skips the records below it.
 *
 * @param events    events topic name
 * @param eventsId  its topic id, null when the topic does not exist
 * @param control   control topic name
 * @param controlId its topic id, null when the topic does not exist (a live stream without markers)
 */
public record TopicIds(String events, String eventsId, String control, String controlId) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String FILE = "topics.json";

    /**
     * The topics recreated between {@code recorded} and these current ids, one sentence each. A topic missing now is
     * not counted: it may be a moment of metadata lag, and a deleted topic stops Spark's source by itself; once it is
     * back, its new id is compared.
     */
    public List<String> recreatedSince(TopicIds recorded) {
        List<String> changes = new ArrayList<>();
        if (recorded.eventsId != null && eventsId != null && !recorded.eventsId.equals(eventsId)) {
            changes.add(change("events", events, recorded.eventsId, eventsId));
        }
        if (recorded.controlId != null && controlId != null && !recorded.controlId.equals(controlId)) {
            changes.add(change("control", control, recorded.controlId, controlId));
        }
        return changes;
    }

    /** True when the control topic is the one recorded (or neither side knows it), so its offsets still apply. */
    public boolean sameControlTopicAs(TopicIds recorded) {
        return Objects.equals(recorded.controlId, controlId);
    }

    /**
     * The record to keep after seeing {@code now}: a control topic that did not exist when these ids were recorded is
     * taken as it is now (the job state holds no offsets of it yet); everything else stays as recorded.
     */
    public TopicIds learning(TopicIds now) {
        return controlId == null && now.controlId != null ? new TopicIds(events, eventsId, control, now.controlId) : this;
    }

    private static String change(String role, String name, String was, String now) {
        return "the " + role + " topic " + name + " was deleted and created again since this checkpoint began (topic id "
                + was + ", now " + now + ")";
    }

    public static Optional<TopicIds> read(LakeFs fs, String checkpoint) {
        byte[] bytes = fs.readOrNull(path(checkpoint));
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(bytes, TopicIds.class));
        } catch (IOException e) {
            throw new IllegalStateException(path(checkpoint) + " is damaged: " + e.getMessage(), e);
        }
    }

    public void write(LakeFs fs, String checkpoint) {
        try {
            fs.writeAtomically(path(checkpoint), JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String path(String checkpoint) {
        return checkpoint + "/gh-state/" + FILE;
    }
}
