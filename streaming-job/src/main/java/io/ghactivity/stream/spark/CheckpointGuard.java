package io.ghactivity.stream.spark;

import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.stream.core.LakeFs;
import io.ghactivity.stream.core.StreamConfig;

/**
 * Refuses the two start-ups that would silently lose or duplicate data:
 * <ul>
 *   <li>a <b>fresh checkpoint over a lake that already has stream output</b>: the new query would number its batches
 *       from 0 again and the file sink, seeing those ids as committed, would skip them — rows lost; and with
 *       {@code startingOffsets=earliest} everything else would be written twice — unless it continues the lake
 *       ({@code --continue-from}: its batch ids are mapped past the lake's);</li>
 *   <li>a <b>used checkpoint over a lake without the sink log</b> (the lake was deleted or {@code --lake} points
 *       elsewhere): the query would resume mid-topic and the lake would silently miss everything before.</li>
 * </ul>
 */
final class CheckpointGuard {
    private CheckpointGuard() {
    }

    /**
     * @param continuesLake the checkpoint continues the lake another checkpoint wrote ({@code --continue-from},
     *                      {@link io.ghactivity.stream.core.Continuation}): then it may be new over a used lake
     */
    static void check(LakeFs fs, StreamConfig config, boolean continuesLake) {
        boolean checkpointUsed = hasBatchFiles(fs, config.checkpoint() + "/commits")
                || hasBatchFiles(fs, config.checkpoint() + "/offsets");
        boolean lakeHasOutput = hasBatchFiles(fs, FileSinkLog.metadataDir(config.lake().events()));
        if (!checkpointUsed && lakeHasOutput && !continuesLake) {
            throw new UserError("the lake " + config.lake().root() + " already holds stream output (its commit log "
                    + FileSinkLog.metadataDir(config.lake().events()) + " has batches) but the checkpoint "
                    + config.checkpoint() + " is new. Starting here would skip or duplicate rows. Restart with the "
                    + "checkpoint that wrote this lake (--checkpoint), continue it with a new checkpoint (--continue-from "
                    + "<the old checkpoint>, after a recreated topic), or write to a new, empty --lake.");
        }
        if (checkpointUsed && !lakeHasOutput && hasBatchFiles(fs, config.checkpoint() + "/commits")) {
            throw new UserError("the checkpoint " + config.checkpoint() + " has committed batches but the lake "
                    + config.lake().root() + " has no stream output (" + FileSinkLog.metadataDir(config.lake().events())
                    + " is missing): the lake was deleted or --lake is wrong. Point --lake at the lake this checkpoint "
                    + "wrote, or start over with a new --checkpoint and an empty lake.");
        }
    }

    private static boolean hasBatchFiles(LakeFs fs, String dir) {
        return fs.list(dir).stream().anyMatch(n -> n.matches("\\d+(\\.compact)?"));
    }
}
