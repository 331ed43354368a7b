package io.ghactivity.stream.core;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An open-addressing hash set of non-negative longs (event ids, Kafka offsets): 8 bytes per id (about 4 MB for the
 * busiest hour), no boxing.
 */
public final class LongSet implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long EMPTY = Long.MIN_VALUE; // ids are non-negative, so this never collides
    private long[] slots = new long[1024];
    private int size;

    public LongSet() {
        Arrays.fill(slots, EMPTY);
    }

    public boolean contains(long v) {
        int mask = slots.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == v) {
                return true;
            }
            if (slots[i] == EMPTY) {
                return false;
            }
        }
    }

    /** Adds {@code v}; false when it was already there. */
    public boolean add(long v) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == v) {
                return false;
            }
            if (slots[i] == EMPTY) {
                slots[i] = v;
                size++;
                return true;
            }
        }
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.fill(slots, EMPTY);
        size = 0;
        for (long v : old) {
            if (v != EMPTY) {
                add(v);
            }
        }
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
