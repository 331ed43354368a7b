package io.ghactivity.bench.stream;

import io.ghactivity.stream.BatchMetrics;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures as a Markdown table (what goes into docs/performance.md), summed over the rounds. */
record BenchReport(BenchInput input, int cores, List<Round> rounds, long maxOffsetsPerTrigger, long peakRss) {

    /** One measured round: both jobs over the whole input, in the order given. */
    record Round(boolean streamFirst, double streamSeconds, long streamPeakHeap, long streamRows,
                 List<BatchMetrics> batches, double baseSeconds, long basePeakHeap, long baseRows) {
        String summary(int number) {
            return String.format(Locale.ROOT, "round %d (%s first): stream %.1f s, baseline %.1f s, ratio %.2fx", number,
                    streamFirst ? "stream" : "baseline", streamSeconds, baseSeconds, baseSeconds / streamSeconds);
        }
    }

    String markdown() {
        double mb = input.bytes() / 1e6;
        long events = input.events();
        double streamSeconds = rounds.stream().mapToDouble(Round::streamSeconds).sum();
        double baseSeconds = rounds.stream().mapToDouble(Round::baseSeconds).sum();
        double streamRate = events * rounds.size() / streamSeconds;
        double baseRate = events * rounds.size() / baseSeconds;
        // Steady state: each round's batches after its first (which pays planning and first-use costs).
        long steadyRows = 0;
        long steadyMs = 0;
        int batches = 0;
        for (Round r : rounds) {
            List<BatchMetrics> steady = r.batches().size() > 1 ? r.batches().subList(1, r.batches().size()) : r.batches();
            steadyRows += steady.stream().mapToLong(BatchMetrics::rowsIn).sum();
            steadyMs += steady.stream().mapToLong(BatchMetrics::durationMs).sum();
            batches = r.batches().size();
        }
        double steadyRate = steadyMs == 0 ? 0 : steadyRows * 1000.0 / steadyMs;
        double juneHours = steadyRate == 0 ? Double.NaN : StreamBenchmark.JUNE_2022_EVENTS / steadyRate / 3600;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%,d events, %.0f MB of JSON (%.0f B/event), %d cores, maxOffsetsPerTrigger %,d, "
                        + "%d stream batches, %d rounds (alternating which job runs first)%n%n",
                events, mb, (double) input.bytes() / events, cores, maxOffsetsPerTrigger, batches, rounds.size()));
        for (int i = 0; i < rounds.size(); i++) {
            s.append("- ").append(rounds.get(i).summary(i + 1)).append('\n');
        }
        s.append('\n');
        s.append("| job (all rounds) | rows | wall s | events/s | events/s/core | MB/s | MB/s/core | peak heap used |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        s.append(row("stream: Kafka → lake (dedup, rejects, manifests)",
                rounds.stream().mapToLong(Round::streamRows).sum(), streamSeconds, streamRate, mb * rounds.size(),
                rounds.stream().mapToLong(Round::streamPeakHeap).max().orElse(0)));
        s.append(row("baseline: Spark batch JSON files → Parquet",
                rounds.stream().mapToLong(Round::baseRows).sum(), baseSeconds, baseRate, mb * rounds.size(),
                rounds.stream().mapToLong(Round::basePeakHeap).max().orElse(0)));
        s.append(String.format(Locale.ROOT, "%nstream / baseline: %.2fx (whole runs, all rounds; both jobs warmed up first)%n",
                streamRate / baseRate));
        s.append(String.format(Locale.ROOT, "stream steady state (batches 2..%d of each round): %,.0f events/s = %,.0f events/s/core "
                        + "-> June 2022 (96.3 M) in %.2f h on %d cores%n",
                batches, steadyRate, steadyRate / cores, juneHours, cores));
        s.append(String.format(Locale.ROOT, "process peak RSS (both jobs, one JVM): %.2f GB; max heap %.2f GB%n",
                peakRss / 1e9, Runtime.getRuntime().maxMemory() / 1e9));
        return s.toString();
    }

    private String row(String name, long rows, double seconds, double rate, double mb, long peak) {
        return String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %,.0f | %.1f | %.1f | %.2f GB |%n", name, rows, seconds,
                rate, rate / cores, mb / seconds, mb / seconds / cores, peak / 1e9);
    }
}
