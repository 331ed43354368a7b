package io.ghactivity.stream.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * {@link JobState} per batch in {@code <checkpoint>/gh-state/<batchId>.json}, beside Spark's own logs.
 *
 * <p>Batch N is processed from the state of the newest batch below N. If the job dies after batch N committed its
 * files but before Spark recorded the batch as done, Spark re-runs N: the sinks skip it (already committed) and the
 * state is recomputed from N-1 and the same input — the same result. Old files are pruned, keeping {@link #RETAIN}.
 */
public final class StateLog {
    public static final int RETAIN = 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(hoursAsText());

    private final LakeFs fs;
    private final String dir;

    public StateLog(LakeFs fs, String checkpoint) {
        this.fs = fs;
        this.dir = checkpoint + "/gh-state";
    }

    /** The state after the newest batch strictly before {@code batchId}, or the initial state. */
    public JobState before(long batchId) {
        Optional<Long> id = ids().stream().filter(i -> i < batchId).max(Long::compare);
        return id.map(this::read).orElseGet(JobState::initial);
    }

    /** The newest state of all. */
    public JobState latest() {
        return before(Long.MAX_VALUE);
    }

    /** True when at least one state was written. */
    public boolean hasAny() {
        return !ids().isEmpty();
    }

    public void write(JobState state) {
        try {
            fs.writeAtomically(dir + "/" + state.batchId() + ".json", JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Long> ids = ids();
        ids.stream().sorted().limit(Math.max(0, ids.size() - RETAIN)).forEach(i -> fs.deleteQuietly(dir + "/" + i + ".json"));
    }

    private JobState read(long batchId) {
        byte[] bytes = fs.readOrNull(dir + "/" + batchId + ".json");
        try {
            return JSON.readValue(bytes, JobState.class);
        } catch (IOException e) {
            throw new IllegalStateException("job state " + dir + "/" + batchId + ".json is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Hours in the state file keep the spelling the file has always had ({@code "2022-06-05T07"}, as values and as
     * map keys), so a checkpoint written before the state was typed still loads, and either version reads the other.
     */
    private static SimpleModule hoursAsText() {
        return new SimpleModule("gh-archive-hour-as-text")
                .addSerializer(GhArchiveHour.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(GhArchiveHour hour, JsonGenerator gen, SerializerProvider p) throws IOException {
                        gen.writeString(hour.toString());
                    }
                })
                .addKeySerializer(GhArchiveHour.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(GhArchiveHour hour, JsonGenerator gen, SerializerProvider p) throws IOException {
                        gen.writeFieldName(hour.toString());
                    }
                })
                .addDeserializer(GhArchiveHour.class, new JsonDeserializer<>() {
                    @Override
                    public GhArchiveHour deserialize(JsonParser p, DeserializationContext c) throws IOException {
                        return GhArchiveHour.parse(p.getValueAsString());
                    }
                })
                .addKeyDeserializer(GhArchiveHour.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext c) {
                        return GhArchiveHour.parse(key);
                    }
                });
    }

    private List<Long> ids() {
        return fs.list(dir).stream().filter(n -> n.matches("\\d+\\.json"))
                .map(n -> Long.parseLong(n.substring(0, n.length() - 5))).toList();
    }
}
