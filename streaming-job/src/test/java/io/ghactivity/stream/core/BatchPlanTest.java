package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch plan on the driver, without Spark: rejects, repeats, committed ids, and one dedup rule for any batching. */
class BatchPlanTest {
    private static final GhArchiveHour H7 = GhArchiveHour.parse("2022-06-05T07");
    private static final GhArchiveHour H8 = H7.next();

    @Test
    void rejectsRepeatsAndCommittedIdsAreSeparatedFromTheRecordsToKeep() {
        Lake lake = new Lake();
        lake.commit(H7, 5);
        Envelopes e = new Envelopes(8);
        e.addValid(0, 0, 1, millis(H7, 1));
        e.addReject(0, 1, "not_json");
        e.addValid(0, 2, 1, millis(H7, 2)); // a repeat in the batch: the first wins
        e.addValid(1, 0, 5, millis(H7, 3)); // already committed in hour 7
        e.addValid(1, 1, 2, millis(H8, 4));
        IdIndex ids = lake.index(H7, H8);

        BatchPlan plan = BatchPlan.of(List.of(e), ids);

        assertThat(plan.rejected()).containsExactly(new BatchPlan.Coordinate(0, 1));
        assertThat(plan.kept()).containsExactly(new BatchPlan.Kept(H7, 1), new BatchPlan.Kept(H8, 2));
        assertThat(plan.drop().size()).isEqualTo(2);
        assertThat(plan.drop().contains(0, 2)).isTrue();
        assertThat(plan.drop().contains(1, 0)).isTrue();
    }

    /**
     * The same id under two hours, and a repeat in one hour: the rows kept are the same whether the records come in
     * one batch or one per batch (maxOffsetsPerTrigger must not change what is written).
     */
    @Test
    void theDedupKeyIsHourAndIdWhateverTheBatchSize() {
        long[][] records = {{42, millis(H7, 1)}, {42, millis(H8, 1)}, {42, millis(H7, 9)}, {43, millis(H8, 2)}};
        List<BatchPlan.Kept> oneBatch = plan(records, records.length);
        List<BatchPlan.Kept> oneRecordPerBatch = plan(records, 1);
        List<BatchPlan.Kept> twoPerBatch = plan(records, 2);

        assertThat(oneBatch).containsExactly(new BatchPlan.Kept(H7, 42), new BatchPlan.Kept(H8, 42), new BatchPlan.Kept(H8, 43));
        assertThat(oneRecordPerBatch).isEqualTo(oneBatch);
        assertThat(twoPerBatch).isEqualTo(oneBatch);
    }

    /** Runs {@code records} (id, createdMillis) through plans of {@code perBatch} records, committing what each keeps. */
    private static List<BatchPlan.Kept> plan(long[][] records, int perBatch) {
        Lake lake = new Lake();
        List<BatchPlan.Kept> kept = new ArrayList<>();
        for (int from = 0; from < records.length; from += perBatch) {
            Envelopes e = new Envelopes(perBatch);
            for (int i = from; i < Math.min(records.length, from + perBatch); i++) {
                e.addValid(0, i, records[i][0], records[i][1]);
            }
            IdIndex ids = lake.index(H7, H8);
            BatchPlan plan = BatchPlan.of(List.of(e), ids);
            plan.kept().forEach(k -> lake.commit(k.hour(), k.id()));
            kept.addAll(plan.kept());
        }
        return kept;
    }

    private static long millis(GhArchiveHour hour, int second) {
        return hour.startInstant().plusSeconds(second).toEpochMilli();
    }

    /** A lake in memory: one committed file per hour, holding that hour's ids (what IdIndex loads from). */
    private static final class Lake implements CommitLog, CommittedIds {
        private final Map<String, List<Long>> idsPerFile = new HashMap<>();
        private final Map<String, GhArchiveHour> hourPerFile = new HashMap<>();

        void commit(GhArchiveHour hour, long id) {
            String file = "mem:/events/dt=" + hour.dt() + "/hr=" + hour.hr() + "/part-0.parquet";
            hourPerFile.put(file, hour);
            idsPerFile.computeIfAbsent(file, f -> new ArrayList<>()).add(id);
        }

        IdIndex index(GhArchiveHour... hours) {
            IdIndex ids = new IdIndex(this, this);
            ids.load(java.util.Set.of(hours));
            return ids;
        }

        @Override
        public List<CommittedFile> batchFiles(long batchId) {
            return allFiles();
        }

        @Override
        public List<CommittedFile> allFiles() {
            return idsPerFile.keySet().stream().map(f -> new CommittedFile(f, 1)).toList();
        }

        @Override
        public long latestBatchId() {
            return -1;
        }

        @Override
        public void read(String[] files, Row each) {
            for (String f : files) {
                long at = hourPerFile.get(f).startInstant().toEpochMilli();
                idsPerFile.get(f).forEach(id -> each.accept(at, id));
            }
        }
    }
}
