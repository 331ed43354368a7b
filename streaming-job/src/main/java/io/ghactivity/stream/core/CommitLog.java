package io.ghactivity.stream.core;

import java.util.List;

/**
 * The events sink's commit log as the core needs it: which files are committed, per batch and in all. Implemented by
 * the Spark adapter over Spark's own file-sink log; a file is listed only once it is complete.
 */
public interface CommitLog {
    /** Files committed by exactly this batch (empty if it is not committed). */
    List<CommittedFile> batchFiles(long batchId);

    /** Every committed file. */
    List<CommittedFile> allFiles();

    /** The newest committed batch id, or -1. */
    long latestBatchId();
}
