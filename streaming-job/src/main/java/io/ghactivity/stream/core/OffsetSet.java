package io.ghactivity.stream.core;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** Kafka records by (partition, offset): the records of a batch that pass 2 must not write (shipped to its tasks). */
public final class OffsetSet implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<Integer, LongSet> byPartition = new HashMap<>();
    private int size;

    public void add(int partition, long offset) {
        if (byPartition.computeIfAbsent(partition, p -> new LongSet()).add(offset)) {
            size++;
        }
    }

    public boolean contains(int partition, long offset) {
        LongSet s = byPartition.get(partition);
        return s != null && s.contains(offset);
    }

    public int size() {
        return size;
    }
}
