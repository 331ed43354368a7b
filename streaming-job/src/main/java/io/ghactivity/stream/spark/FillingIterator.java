package io.ghactivity.stream.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** A task's {@link ValueChunk}s, each handed on as soon as its {@link ChunkFiller} completes it. */
abstract class FillingIterator implements Iterator<ValueChunk> {
    protected final ChunkFiller filler = new ChunkFiller();
    private ValueChunk next;
    private boolean exhausted;

    /** Adds the task's next record or records to {@link #filler}; false once the task has none left. */
    protected abstract boolean feed();

    @Override
    public final boolean hasNext() {
        while (next == null) {
            next = filler.takeFull();
            if (next == null && exhausted) {
                next = filler.takeRest();
                break;
            }
            if (next == null && !feed()) {
                exhausted = true;
            }
        }
        return next != null;
    }

    @Override
    public final ValueChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ValueChunk c = next;
        next = null;
        return c;
    }
}
