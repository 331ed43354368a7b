package io.ghactivity.stream.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new checkpoint that continues a lake an older checkpoint wrote ({@code --continue-from OLD}): the way on after the
 * events topic was deleted and created again, when the old checkpoint's offsets mean nothing any more.
 *
 * <p>Two things stop a fresh checkpoint from simply writing into a used lake, and a continuation answers both:
 * <ul>
 *   <li><b>Batch ids</b>: Spark numbers the new checkpoint's batches from 0 again, and the lake's sink logs
 *       ({@code _spark_metadata}) would skip those ids as already committed. So every lake-facing id is the
 *       <em>lake batch id</em> {@link #lakeBatchBase} + Spark's id, where the base is one past the newest batch of the
 *       lake's sink logs: the sink logs, the job state log and the metrics continue without a gap.</li>
 *   <li><b>Hour state</b>: the old checkpoint's last {@link JobState} is carried over ({@link #seedState}): open hours,
 *       closed hours with their manifest revisions, the event-time high mark. What refers to offsets of the old topic
 *       is dropped: the events positions and the pending hour-end markers (their offsets are the old topic's), and the
 *       control offsets if the control topic was recreated too.</li>
 * </ul>
 * Dedup needs nothing carried: it is by (hour, id) against the ids the lake already holds, so a producer replaying
 * hours into the new topic adds only the ids the lake lacks (an hour already closed gets a new manifest revision only
 * if one does). Recorded once, before the first batch, in {@code <checkpoint>/gh-state/continuation.json}; the old
 * checkpoint gets {@code gh-state/continued-by.json}, so it is never run on this lake again.
 *
 * @param lakeBatchBase the lake batch id of the checkpoint's Spark batch 0
 * @param continuedFrom the old checkpoint (null: the checkpoint began the lake)
 * @param continuedAt   when the continuation was recorded (ISO-8601)
 */
public record Continuation(long lakeBatchBase, String continuedFrom, String continuedAt) {
    /** A checkpoint that began its lake: lake batch ids are Spark's. */
    public static final Continuation NONE = new Continuation(0, null, null);
    private static final Logger LOG = LoggerFactory.getLogger(Continuation.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String FILE = "continuation.json";
    private static final String REPLACED_FILE = "continued-by.json";

    /** Written into the old checkpoint: which checkpoint continues its lake. */
    public record Replacement(String checkpoint, String at) {
    }

    /** The lake batch id of Spark's batch {@code sparkBatchId} of this checkpoint. */
    public long lakeBatchId(long sparkBatchId) {
        return lakeBatchBase + sparkBatchId;
    }

    /**
     * The state the new checkpoint starts from: the old one's hours and event-time high mark, nothing that refers to
     * the old topic's offsets. Hours with committed files that the old state does not list (the old job died after
     * committing a batch and before writing its state) are open, so they still close by marker or watermark.
     *
     * @param lakeBatchBase    the continuation's base: the seed is the state "after" batch base - 1
     * @param sameControlTopic whether the control topic is the one the old checkpoint read (then its offsets still apply)
     * @param hoursInLake      the hours of every committed events file
     */
    public static JobState seedState(JobState old, long lakeBatchBase, boolean sameControlTopic,
                                     Set<GhArchiveHour> hoursInLake) {
        SortedSet<GhArchiveHour> open = new TreeSet<>(old.openHours());
        hoursInLake.stream().filter(h -> !old.closedRevisions().containsKey(h)).forEach(open::add);
        return new JobState(lakeBatchBase - 1, old.maxEventMillis(), new TreeMap<>(),
                sameControlTopic ? old.controlOffsets() : new TreeMap<>(), List.of(), open, old.closedRevisions());
    }

    /** The continuation recorded in {@code checkpoint}, or {@link #NONE}. */
    public static Continuation of(LakeFs fs, String checkpoint) {
        byte[] bytes = fs.readOrNull(checkpoint + "/gh-state/" + FILE);
        return bytes == null ? NONE : parse(bytes, checkpoint + "/gh-state/" + FILE, Continuation.class);
    }

    public boolean continues() {
        return continuedFrom != null;
    }

    /**
     * Records, once, that {@code config.checkpoint()} continues the lake {@code oldCheckpoint} wrote, and returns it.
     * Running the same command again (the job was stopped, or died before its first batch) returns the recorded one.
     *
     * @param events  the lake's events sink log
     * @param rejects the lake's rejects sink log (it has every batch id too)
     * @param now     the topics' ids now, recorded in the new checkpoint
     */
    public static Continuation begin(LakeFs fs, StreamConfig config, String oldCheckpoint, CommitLog events,
                                     CommitLog rejects, TopicIds now) {
        String checkpoint = config.checkpoint();
        Continuation recorded = of(fs, checkpoint);
        if (recorded.continues()) {
            if (!sameDir(recorded.continuedFrom, oldCheckpoint)) {
                throw new UserError("the checkpoint " + checkpoint + " already continues " + recorded.continuedFrom
                        + ", not " + oldCheckpoint + ": rerun with --continue-from " + recorded.continuedFrom
                        + " or without --continue-from");
            }
            markReplaced(fs, oldCheckpoint, checkpoint);
            return recorded;
        }
        if (sameDir(checkpoint, oldCheckpoint)) {
            throw new UserError("--continue-from " + oldCheckpoint + " names the checkpoint itself: give a new "
                    + "--checkpoint directory to continue the lake with");
        }
        if (sparkHasBatches(fs, checkpoint)) {
            throw new UserError("--continue-from needs a new --checkpoint, but " + checkpoint + " already has batches; "
                    + "give an empty directory");
        }
        StateLog oldStates = new StateLog(fs, oldCheckpoint);
        if (!oldStates.hasAny()) {
            throw new UserError("--continue-from " + oldCheckpoint + " holds no job state (" + oldCheckpoint
                    + "/gh-state): it is not a checkpoint of this job");
        }
        byte[] replacedBy = fs.readOrNull(oldCheckpoint + "/gh-state/" + REPLACED_FILE);
        if (replacedBy != null) {
            Replacement r = parse(replacedBy, oldCheckpoint + "/gh-state/" + REPLACED_FILE, Replacement.class);
            throw new UserError("the checkpoint " + oldCheckpoint + " was already continued by " + r.checkpoint()
                    + " (" + r.at() + "): continue from that one, --continue-from " + r.checkpoint());
        }
        long lakeLatest = Math.max(events.latestBatchId(), rejects.latestBatchId());
        if (lakeLatest < 0) {
            throw new UserError("the lake " + config.lake().root() + " has no stream output, so there is nothing to "
                    + "continue: run without --continue-from");
        }
        long base = lakeLatest + 1;
        JobState old = oldStates.latest();
        boolean sameControl = TopicIds.read(fs, oldCheckpoint).map(now::sameControlTopicAs).orElseGet(() -> {
            LOG.warn("{} has no recorded topic ids (written by an older job): its control offsets are kept, as if "
                    + "the control topic {} were the same", oldCheckpoint, config.controlTopic());
            return true;
        });
        Set<GhArchiveHour> hoursInLake = events.allFiles().stream().map(f -> CommittedFile.hourOf(f.path()))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        JobState seed = seedState(old, base, sameControl, hoursInLake);
        // The order makes continuation.json the commit point: without it the checkpoint is still new, and a rerun of
        // the same command starts over with the same base (nothing was committed to the lake in between).
        new StateLog(fs, checkpoint).write(seed);
        now.write(fs, checkpoint);
        Continuation c = new Continuation(base, oldCheckpoint, Instant.now().toString());
        write(fs, checkpoint + "/gh-state/" + FILE, c);
        markReplaced(fs, oldCheckpoint, checkpoint);
        LOG.info("checkpoint {} continues the lake {} after {} (old state: batch {}, {} open hours, {} closed); lake "
                        + "batch ids go on from {}; control offsets {}", checkpoint, config.lake().root(), oldCheckpoint,
                old.batchId(), seed.openHours().size(), seed.closedRevisions().size(), base,
                sameControl ? "kept (same control topic)" : "reset (control topic recreated)");
        return c;
    }

    /** Refuses a checkpoint that a continuation replaced: its batch ids and offsets are behind the lake's. */
    public static void refuseIfReplaced(LakeFs fs, String checkpoint) {
        byte[] bytes = fs.readOrNull(checkpoint + "/gh-state/" + REPLACED_FILE);
        if (bytes != null) {
            Replacement r = parse(bytes, checkpoint + "/gh-state/" + REPLACED_FILE, Replacement.class);
            throw new UserError("the checkpoint " + checkpoint + " was replaced by " + r.checkpoint() + " (" + r.at()
                    + ", --continue-from): the lake has batches it does not know. Run with --checkpoint "
                    + r.checkpoint());
        }
    }

    /** True when Spark has planned or committed a batch in {@code checkpoint}. */
    static boolean sparkHasBatches(LakeFs fs, String checkpoint) {
        return hasBatchFiles(fs, checkpoint + "/offsets") || hasBatchFiles(fs, checkpoint + "/commits");
    }

    private static boolean hasBatchFiles(LakeFs fs, String dir) {
        return fs.list(dir).stream().anyMatch(n -> n.matches("\\d+(\\.compact)?"));
    }

    private static void markReplaced(LakeFs fs, String oldCheckpoint, String checkpoint) {
        if (fs.readOrNull(oldCheckpoint + "/gh-state/" + REPLACED_FILE) == null) {
            write(fs, oldCheckpoint + "/gh-state/" + REPLACED_FILE, new Replacement(checkpoint, Instant.now().toString()));
        }
    }

    private static boolean sameDir(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String dir) {
        return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    private static void write(LakeFs fs, String path, Object value) {
        try {
            fs.writeAtomically(path, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(byte[] bytes, String path, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException(path + " is damaged: " + e.getMessage(), e);
        }
    }
}
