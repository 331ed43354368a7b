package io.ghactivity.stream.bench;

import io.ghactivity.stream.BatchMetrics;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures as a Markdown table (what goes into docs/performance.md). */
record BenchReport(BenchInput input, int cores, double streamSeconds, long streamPeakHeap, long streamRows,
                   List<BatchMetrics> batches, double baseSeconds, long basePeakHeap, long baseRows,
                   long maxOffsetsPerTrigger, long peakRss) {

    String markdown() {
        double mb = input.bytes() / 1e6;
        double streamRate = input.events() / streamSeconds;
        double baseRate = input.events() / baseSeconds;
        // Steady state: batches after the first (which pays planning, code generation and JIT warm-up).
        List<BatchMetrics> steady = batches.size() > 1 ? batches.subList(1, batches.size()) : batches;
        long steadyRows = steady.stream().mapToLong(BatchMetrics::rowsIn).sum();
        long steadyMs = steady.stream().mapToLong(BatchMetrics::durationMs).sum();
        double steadyRate = steadyMs == 0 ? 0 : steadyRows * 1000.0 / steadyMs;
        double juneHours = steadyRate == 0 ? Double.NaN : StreamBenchmark.JUNE_2022_EVENTS / steadyRate / 3600;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%,d events, %.0f MB of JSON (%.0f B/event), %d cores, maxOffsetsPerTrigger %,d, %d stream batches%n%n",
                input.events(), mb, (double) input.bytes() / input.events(), cores, maxOffsetsPerTrigger, batches.size()));
        s.append("| job | rows | wall s | events/s | events/s/core | MB/s | MB/s/core | peak heap used |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        s.append(row("stream: Kafka → lake (dedup, rejects, manifests)", streamRows, streamSeconds, streamRate, mb, streamPeakHeap));
        s.append(row("baseline: Spark batch JSON files → Parquet", baseRows, baseSeconds, baseRate, mb, basePeakHeap));
        s.append(String.format(Locale.ROOT, "%nstream / baseline: %.2fx (whole run; both jobs warmed up first)%n", streamRate / baseRate));
        s.append(String.format(Locale.ROOT, "stream steady state (batches 2..%d): %,.0f events/s = %,.0f events/s/core -> June 2022 (96.3 M) in %.2f h on %d cores%n",
                batches.size(), steadyRate, steadyRate / cores, juneHours, cores));
        s.append(String.format(Locale.ROOT, "process peak RSS (both jobs, one JVM): %.2f GB; max heap %.2f GB%n",
                peakRss / 1e9, Runtime.getRuntime().maxMemory() / 1e9));
        return s.toString();
    }

    private String row(String name, long rows, double seconds, double rate, double mb, long peak) {
        return String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %,.0f | %.1f | %.1f | %.2f GB |%n", name, rows, seconds,
                rate, rate / cores, mb / seconds, mb / seconds / cores, peak / 1e9);
    }
}
