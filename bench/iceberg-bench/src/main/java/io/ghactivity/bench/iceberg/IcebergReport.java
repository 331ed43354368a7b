package io.ghactivity.bench.iceberg;

import io.ghactivity.contracts.GhArchiveHour;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The figures of one {@link IcebergBenchmark} run as Markdown tables, both sinks side by side. */
record IcebergReport(String master, int batches, long batchEvents, int smallBatches, long smallBatchEvents, long events,
                     Map<LakeSink, List<LakeSink.Write>> writes, Map<LakeSink, LakeSink.Footprint> afterBig,
                     Map<LakeSink, LakeSink.Footprint> end, long metadataJsonAfterBig, long metadataJsonEnd,
                     Map<LakeSink, LakeSink.Write> replay, GhArchiveHour hour, Map<String, LakeSink.HourFiles> lookup,
                     Map<LakeSink, Long> visible) {

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## bench-iceberg: %d × %,d events, then %d × %,d; Spark %s %s, Iceberg %s%n%n",
                batches, batchEvents, smallBatches, smallBatchEvents, org.apache.spark.package$.MODULE$.SPARK_VERSION(),
                master, org.apache.iceberg.IcebergBuild.version()));
        sb.append(String.format(Locale.ROOT, "### Micro-batches of %,d events (medians over %d; Spark job = writing the data files, commit = driver after the job)%n%n",
                batchEvents, batches));
        sb.append("| sink | batch-id check ms | Spark job s | commit ms | commit ms as Iceberg reports it | files / batch | MB / batch |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<LakeSink, List<LakeSink.Write>> e : writes.entrySet()) {
            List<LakeSink.Write> big = e.getValue().subList(0, batches);
            long reported = median(big, LakeSink.Write::reportedCommitMillis);
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %d | %s | %d | %.1f |%n", e.getKey().name(),
                    median(big, LakeSink.Write::checkMillis), median(big, LakeSink.Write::jobMillis) / 1000.0,
                    median(big, LakeSink.Write::commitMillis), reported < 0 ? "–" : Long.toString(reported),
                    median(big, w -> w.files()),
                    median(big, LakeSink.Write::bytes) / 1e6));
        }
        sb.append("\nPer batch (job s / commit ms):");
        for (int b = 0; b < batches; b++) {
            sb.append(String.format(Locale.ROOT, " %d:", b));
            for (List<LakeSink.Write> w : writes.values()) {
                sb.append(String.format(Locale.ROOT, " %.2f/%d", w.get(b).jobMillis() / 1000.0, w.get(b).commitMillis()));
            }
        }
        sb.append("\n\n");
        if (smallBatches >= 20) {
            sb.append(String.format(Locale.ROOT, "### Commit growth over %d small batches of %,d events (mean ms)%n%n", smallBatches, smallBatchEvents));
            sb.append("| sink | commit, first 10 | commit, last 10 | check, first 10 | check, last 10 | max commit |\n|---|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<LakeSink, List<LakeSink.Write>> e : writes.entrySet()) {
                List<LakeSink.Write> small = e.getValue().subList(batches, batches + smallBatches);
                List<LakeSink.Write> first = small.subList(0, 10);
                List<LakeSink.Write> lastTen = small.subList(small.size() - 10, small.size());
                sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %d |%n", e.getKey().name(),
                        mean(first, LakeSink.Write::commitMillis), mean(lastTen, LakeSink.Write::commitMillis),
                        mean(first, LakeSink.Write::checkMillis), mean(lastTen, LakeSink.Write::checkMillis),
                        small.stream().mapToLong(LakeSink.Write::commitMillis).max().orElse(0)));
            }
            sb.append('\n');
        }
        sb.append("### Files and bytes\n\n| sink | after | data files | data MB | metadata files | metadata KB |\n|---|---|---:|---:|---:|---:|\n");
        for (LakeSink s : writes.keySet()) {
            footprintRow(sb, s, batches + " big batches", afterBig.get(s));
            footprintRow(sb, s, "all " + (batches + smallBatches) + " batches", end.get(s));
        }
        sb.append(String.format(Locale.ROOT, "%nIceberg's current `metadata.json`: %.1f KB after %d commits, %.1f KB after %d.%n%n",
                metadataJsonAfterBig / 1e3, batches, metadataJsonEnd / 1e3, batches + smallBatches));
        sb.append(String.format(Locale.ROOT, "### Which data files hold hour %s (with rows), at the newest commit (median of runs)%n%n", hour));
        sb.append("| how | ms | files | rows |\n|---|---:|---:|---:|\n");
        lookup.forEach((how, h) -> sb.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %s |%n", how, h.millis(), h.files(),
                h.rows() < 0 ? "–" : String.format(Locale.ROOT, "%,d", h.rows()))));
        sb.append("\n### Replay of the last batch id, and what Spark reads\n\n| sink | replay appended? | replay check ms | rows visible (expected ")
                .append(String.format(Locale.ROOT, "%,d) |%n|---|---|---:|---:|%n", events));
        for (LakeSink s : writes.keySet()) {
            LakeSink.Write r = replay.get(s);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %,d |%n", s.name(), r.appended() ? "YES (duplicate)" : "no (skipped)",
                    r.checkMillis() + r.commitMillis(), visible.get(s)));
        }
        return sb.toString();
    }

    private static void footprintRow(StringBuilder sb, LakeSink s, String after, LakeSink.Footprint f) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %d | %.1f |%n", s.name(), after, f.dataFiles(),
                f.dataBytes() / 1e6, f.metadataFiles(), f.metadataBytes() / 1e3));
    }

    private static long median(List<LakeSink.Write> writes, ToLongFunction<LakeSink.Write> f) {
        long[] v = writes.stream().mapToLong(f).sorted().toArray();
        return v[v.length / 2];
    }

    private static double mean(List<LakeSink.Write> writes, ToLongFunction<LakeSink.Write> f) {
        return writes.stream().mapToLong(f).average().orElse(0);
    }
}
