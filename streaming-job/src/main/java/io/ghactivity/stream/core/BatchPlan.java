package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a micro-batch does with each record, decided on the driver from pass 1's (verdict, id, hour) alone: reject it,
 * drop it as a duplicate, or keep it. Plain Java: exact at any lateness (unlike a watermark-bounded state store), and
 * no Spark job.
 *
 * <p>The dedup key is <b>(hour, id)</b>, within a batch and across batches alike, so the result does not depend on
 * where {@code maxOffsetsPerTrigger} cuts the stream: a record is dropped when its id was already kept in its hour —
 * earlier in this batch (the first wins) or in a committed file ({@link IdIndex}). An id seen in two different hours
 * is two rows, one per hour, however the batches fall (GH Archive ids are unique, so this only happens to records
 * whose {@code created_at} was changed; each hour's manifest stays exact on its own).
 *
 * @param drop     valid records not to write, by Kafka coordinates (shipped to pass 2's tasks)
 * @param rejected records that are not valid events, by Kafka coordinates
 * @param kept     the (hour, id) of every record to write, in batch order
 */
public record BatchPlan(OffsetSet drop, List<Coordinate> rejected, List<Kept> kept) {
    /** A Kafka record's place. */
    public record Coordinate(int partition, long offset) {
    }

    /** A record to write: its hour and id. */
    public record Kept(GhArchiveHour hour, long id) {
    }

    /** The plan of one batch: its envelopes in order, against the ids already committed (loaded for their hours). */
    public static BatchPlan of(List<Envelopes> envelopes, IdIndex committed) {
        OffsetSet drop = new OffsetSet();
        List<Coordinate> rejected = new ArrayList<>();
        List<Kept> kept = new ArrayList<>();
        Map<Long, LongSet> keptPerHour = new HashMap<>();
        for (Envelopes e : envelopes) {
            for (int i = 0; i < e.size(); i++) {
                if (!e.isValid(i)) {
                    rejected.add(new Coordinate(e.partition(i), e.offset(i)));
                    continue;
                }
                long id = e.id(i);
                long epochHour = e.epochHour(i);
                GhArchiveHour hour = GhArchiveHour.ofEpochHour(epochHour);
                if (committed.contains(hour, id) || !keptPerHour.computeIfAbsent(epochHour, h -> new LongSet()).add(id)) {
                    drop.add(e.partition(i), e.offset(i));
                } else {
                    kept.add(new Kept(hour, id));
                }
            }
        }
        return new BatchPlan(drop, rejected, kept);
    }
}
