package io.ghactivity.producer;

import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.producer.gunzip.HourInflater;
import io.ghactivity.producer.gunzip.Libdeflate;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/** {@code --gunzip}: which decoder reads gzip hour files. */
public enum GunzipMode {
    /** libdeflate when it can be used and the machine has the memory for two decoded hours, else java.util.zip. */
    AUTO,
    /** libdeflate, or stop with the reason it cannot be used. */
    LIBDEFLATE,
    /** java.util.zip only: streaming, no memory beyond the heap. */
    JAVA;

    /** Below this much physical memory, AUTO keeps to the heap: two decoded 2022 hours take up to ≈ 1.6 GB. */
    private static final long AUTO_MIN_PHYSICAL_MEMORY = 4L << 30;

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
        long memory = physicalMemory();
        if (this == AUTO && memory > 0 && memory < AUTO_MIN_PHYSICAL_MEMORY) {
            err.printf("replay: gunzip with java.util.zip: %d MB of memory is too little to hold two decoded hours "
                    + "(--gunzip libdeflate insists)%n", memory >> 20);
            return Optional.empty();
        }
        err.println("replay: gunzip with " + lib.get().library() + "; the hour being sent and the next one are held "
                + "decoded outside the heap (--gunzip java streams instead)");
        return Optional.of(new HourInflater(lib.get()));
    }

    private static long physicalMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }
}
