package io.ghactivity.producer;

import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.producer.gunzip.HourInflater;
import io.ghactivity.producer.gunzip.Libdeflate;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/** {@code --gunzip}: which decoder reads gzip hour files. */
public enum GunzipMode {
    /** libdeflate when it can be used and there is memory beside the heap for two decoded hours, else java.util.zip. */
    AUTO,
    /** libdeflate, or stop with the reason it cannot be used. */
    LIBDEFLATE,
    /** java.util.zip only: streaming, no memory beyond the heap. */
    JAVA;

    /**
     * Memory AUTO wants beside the heap before it decodes whole hours: two decoded 2022 hours take up to ≈ 1.6 GB, the
     * compressed file and the JVM's own native memory the rest. Below it, the streaming path keeps the process small.
     */
    private static final long AUTO_MIN_MEMORY_BESIDE_HEAP = 2L << 30;

    /** The inflater this mode asks for, or empty for java.util.zip; says on {@code err} which one reads the files. */
    Optional<HourInflater> inflater(PrintStream err) {
        if (this == JAVA) {
            err.println("replay: gunzip with java.util.zip (--gunzip java)");
            return Optional.empty();
        }
        Optional<Libdeflate> lib = Libdeflate.load();
        if (lib.isEmpty()) {
            String reason = Libdeflate.unavailableReason().orElse("unknown");
            if (this == LIBDEFLATE) {
                throw new UserError("--gunzip libdeflate: " + reason);
            }
            err.println("replay: gunzip with java.util.zip; libdeflate (about 2× faster) is not used: " + reason);
            return Optional.empty();
        }
        long memory = physicalMemory(); // a container's limit, where there is one
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (this == AUTO && !roomForDecodedHours(memory, maxHeap)) {
            err.printf("replay: gunzip with java.util.zip: %d MB of memory beside the heap is too little to hold two "
                    + "decoded hours (about 2 GB; --gunzip libdeflate insists)%n", Math.max(0, (memory - maxHeap) >> 20));
            return Optional.empty();
        }
        err.println("replay: gunzip with " + lib.get().library() + "; the hour being sent and the next one are held "
                + "decoded outside the heap (--gunzip java streams instead)");
        return Optional.of(new HourInflater(lib.get()));
    }

    /** Whether {@code memory} (bytes, or ≤ 0 when unknown) leaves room beside {@code maxHeap} for two decoded hours. */
    static boolean roomForDecodedHours(long memory, long maxHeap) {
        return memory <= 0 || memory - maxHeap >= AUTO_MIN_MEMORY_BESIDE_HEAP;
    }

    private static long physicalMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }
}
