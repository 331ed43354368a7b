package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.stream.spark.KafkaReadTask.OffsetRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How pass 1's reading plan splits and groups the source's offset ranges into tasks. */
class KafkaReadPlanTest {
    private static OffsetRange range(int partition, long from, long until) {
        return new OffsetRange("t", partition, from, until);
    }

    @Test
    void fewerPartitionsThanCoresAreSplitIntoContiguousHalves() {
        List<OffsetRange> split = KafkaReadPlan.split(List.of(range(0, 100, 100_100)), 4);
        assertThat(split).hasSize(4);
        assertThat(split.stream().mapToLong(OffsetRange::size).sum()).isEqualTo(100_000);
        assertThat(split.stream().map(OffsetRange::from).sorted().toList()).containsExactly(100L, 25_100L, 50_100L, 75_100L);
        assertThat(split.stream().map(OffsetRange::until).sorted().toList()).containsExactly(25_100L, 50_100L, 75_100L, 100_100L);
    }

    @Test
    void smallRangesAndEnoughPartitionsAreNotSplit() {
        assertThat(KafkaReadPlan.split(List.of(range(0, 0, 2 * KafkaReadPlan.MIN_SPLIT_RECORDS - 1)), 2)).hasSize(1);
        List<OffsetRange> four = List.of(range(0, 0, 50_000), range(1, 0, 50_000), range(2, 0, 50_000), range(3, 0, 9));
        assertThat(KafkaReadPlan.split(four, 2)).isEqualTo(four);
    }

    @Test
    void tasksAreBalancedAndReadEachPartitionOnce() {
        List<OffsetRange> ranges = new ArrayList<>();
        long[] sizes = {90, 10, 50, 50, 30, 70, 5, 95};
        for (int p = 0; p < sizes.length; p++) {
            ranges.add(range(p, 1_000, 1_000 + sizes[p]));
        }
        List<List<OffsetRange>> tasks = KafkaReadPlan.group(ranges, 2);
        assertThat(tasks).hasSize(2);
        assertThat(tasks).allSatisfy(t -> assertThat(t.stream().mapToLong(OffsetRange::size).sum()).isEqualTo(200));
        Set<Integer> partitions = new HashSet<>();
        tasks.forEach(t -> t.forEach(r -> assertThat(partitions.add(r.partition())).isTrue()));
        assertThat(partitions).hasSize(sizes.length);
        assertThat(KafkaReadPlan.group(ranges.subList(0, 1), 2)).hasSize(1);
        assertThat(KafkaReadPlan.group(List.of(), 2)).isEmpty();
    }
}
