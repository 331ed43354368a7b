package io.ghactivity.stream.core;

import io.ghactivity.contracts.LakeLayout;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-batch metrics: logged, written under {@code _metrics/stream/} as {@code batch-<id>.jsonl} (one JSON line each,
 * so {@code cat _metrics/stream/*.jsonl} is a JSON-lines stream; one object per batch because S3 cannot append, and
 * a replayed batch overwrites its own line instead of adding a second one), and kept in memory for the caller.
 */
public final class MetricsLog {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);
    private static final int KEEP = 1000;

    private final LakeFs fs;
    private final LakeLayout layout;
    private final Deque<BatchMetrics> recent = new ArrayDeque<>();

    public MetricsLog(LakeFs fs, LakeLayout layout) {
        this.fs = fs;
        this.layout = layout;
    }

    public synchronized void write(BatchMetrics m) {
        fs.writeAtomically(String.format("%s/batch-%012d.jsonl", layout.streamMetrics(), m.batchId()), m.toJsonLineBytes());
        LOG.info("batch {}: {} in, {} written, {} duplicates, {} late, {} rejects, watermark {}, {} ms, closed {}",
                m.batchId(), m.rowsIn(), m.rowsWritten(), m.duplicatesDropped(), m.lateRows(), m.rejects(), m.watermark(),
                m.durationMs(), m.hoursClosed());
        recent.addLast(m);
        if (recent.size() > KEEP) {
            recent.removeFirst();
        }
    }

    public synchronized List<BatchMetrics> recent() {
        return List.copyOf(recent);
    }
}
