package io.ghactivity.bench.producer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Samples a process's resident memory (from /proc, Linux) and CPU time every 100 ms while a benchmark phase runs,
 * keeping the peak RSS and the last CPU total (a finished process no longer reports either).
 */
final class ResourceSampler implements AutoCloseable {
    private final ProcessHandle process;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakRssBytes;
    private volatile long peakHeapBytes;
    private volatile Duration cpu = Duration.ZERO;
    private final Duration cpuAtStart;

    ResourceSampler(ProcessHandle process) {
        this.process = process;
        this.cpuAtStart = process.info().totalCpuDuration().orElse(Duration.ZERO);
        this.thread = new Thread(this::loop, "bench-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        if (process.pid() == ProcessHandle.current().pid()) {
            peakHeapBytes = Math.max(peakHeapBytes, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        rss(process.pid()).ifPresent(r -> peakRssBytes = Math.max(peakRssBytes, r));
        process.info().totalCpuDuration().ifPresent(c -> cpu = c);
    }

    static Optional<Long> rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone, or not Linux
        }
        return Optional.empty();
    }

    /** Highest sampled heap use, when sampling this JVM. */
    long peakHeapBytes() {
        return peakHeapBytes;
    }

    long peakRssBytes() {
        return peakRssBytes;
    }

    /** CPU time used by the process since the sampler started. */
    Duration cpu() {
        return cpu.minus(cpuAtStart);
    }

    @Override
    public void close() throws InterruptedException {
        sample();
        running = false;
        thread.interrupt();
        thread.join(1000);
    }
}
