package io.ghactivity.bench.stream;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Samples used heap every 100 ms (peak per phase), and reads the process's peak RSS from /proc at the end. */
final class PeakHeap {
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private PeakHeap() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        sampler = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(mx.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
    }

    static PeakHeap start() {
        PeakHeap p = new PeakHeap();
        p.sampler.start();
        return p;
    }

    long resetPeak() {
        return peak.getAndSet(0);
    }

    void stop() {
        running = false;
        sampler.interrupt();
    }

    /** VmHWM of this process in bytes (Linux), or -1. */
    static long processPeakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }
}
