package io.ghactivity.stream.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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

    private List<Long> ids() {
        return fs.list(dir).stream().filter(n -> n.matches("\\d+\\.json"))
                .map(n -> Long.parseLong(n.substring(0, n.length() - 5))).toList();
    }
}
