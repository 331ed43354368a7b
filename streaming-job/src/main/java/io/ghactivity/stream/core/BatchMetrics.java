package io.ghactivity.stream.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One micro-batch, as logged and as written to {@code _metrics/stream/} (one JSON object per line). The field names are
 * the format the dashboard and docs read; see docs/streaming.md.
 *
 * @param runId             the job run
 * @param batchId           Spark's micro-batch id
 * @param startedAt         ISO-8601 instant the batch started
 * @param durationMs        wall time of the batch (parse, write, commit, manifests)
 * @param rowsIn            Kafka records in the batch
 * @param validRows         records that are valid events
 * @param rowsWritten       rows committed to {@code events/}
 * @param duplicatesDropped valid records not written because their id is already in the lake or earlier in the batch
 * @param lateRows          rows written to an hour that was already closed (its manifest got a new revision)
 * @param rejects           records routed to {@code rejects/}
 * @param rejectsByReason   reject count per {@code DlqReason} code
 * @param maxEventTime      newest committed created_at
 * @param watermark         newest event time minus the allowed lateness
 * @param hoursClosed       manifests written by this batch, {@code hour@revision}
 * @param openHours         hours with rows and no manifest yet, after the batch
 * @param replayed          true when Spark re-ran a batch whose files were already committed (nothing was rewritten)
 */
public record BatchMetrics(String runId, long batchId, String startedAt, long durationMs, long rowsIn, long validRows,
                           long rowsWritten, long duplicatesDropped, long lateRows, long rejects,
                           Map<String, Long> rejectsByReason, String maxEventTime, String watermark,
                           List<String> hoursClosed, int openHours, boolean replayed) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJsonLine() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BatchMetrics fromJson(String line) {
        try {
            return JSON.readValue(line, BatchMetrics.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a batch metrics line: " + line, e);
        }
    }

    byte[] toJsonLineBytes() {
        return (toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
