package io.ghactivity.bench.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.local.LocalFiles;
import io.ghactivity.contracts.synthetic.SyntheticModel;
import io.ghactivity.loader.DuckDbWarehouseWriter;
import io.ghactivity.loader.HourLoader;
import io.ghactivity.loader.Lake;
import io.ghactivity.loader.LoadListener;
import io.ghactivity.loader.LoadResult;
import io.ghactivity.loader.S3Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity bench-loader}: builds a lake of June-2022-sized synthetic hours (shared synthetic model, scale 1 =
 * the real per-hour counts, ~134 k events in an average hour) and loads it hour by hour into a fresh DuckDB warehouse,
 * timing each hour end to end (staging, fact delete+insert, distinct_gaps, marts, checks, commit). Prints a table on
 * stderr and a JSON summary on stdout; the trend over the hours shows how the refresh scales as the warehouse grows.
 * Run: {@code bin/gh-activity bench-loader --hours 24}.
 */
@Command(name = "bench-loader", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark the DuckDB loader on June-2022-sized synthetic hours.")
public final class LoaderBenchmark implements Callable<Integer> {
    @Option(names = "--from", defaultValue = "2022-06-07T00", description = "First hour (default: ${DEFAULT-VALUE}, a Tuesday).")
    GhArchiveHour from;

    @Option(names = "--hours", defaultValue = "24", description = "Hours to load (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--scale", defaultValue = "1.0", description = "Events per hour as a multiple of June 2022 (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--dir", description = "Work dir (default: a temp dir, deleted afterwards).")
    Path dir;

    /** CPU time of this process (all threads, DuckDB's native ones included), so figures survive a busy machine. */
    static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new LoaderBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("gh-bench-loader-");
        SyntheticLake lake = new SyntheticLake(work.resolve("lake"), new SyntheticModel(42, scale));
        List<GhArchiveHour> range = GhArchiveHour.rangeInclusive(from, new GhArchiveHour(from.start().plusHours(hours - 1L)));
        long t0 = System.nanoTime();
        long lakeRows = 0;
        for (GhArchiveHour h : range) {
            HourManifest m = lake.writeHour(h);
            lakeRows += m.rows();
        }
        System.err.printf(Locale.ROOT, "bench-loader: lake of %d hours, %,d events written in %.1f s%n", range.size(),
                lakeRows, (System.nanoTime() - t0) / 1e9);
        List<double[]> perHour = new ArrayList<>();
        double cpu0 = cpuSeconds();
        long loaded = 0;
        double total = 0;
        try (Lake l = Lake.open(work.resolve("lake").toString(), S3Options.AWS_DEFAULT);
             DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(work.resolve("bench.duckdb"))) {
            java.util.Map<String, double[]> profile = new java.util.LinkedHashMap<>();
            double[] gapsThisHour = new double[1];
            HourLoader loader = new HourLoader(w, l, new LoadListener() {
                @Override
                public void onStep(GhArchiveHour hour, Step step, double seconds) {
                    if (step == Step.STAGED) {
                        profile.computeIfAbsent("stage (read_parquet → temp table)", k -> new double[1])[0] += seconds;
                    }
                }

                @Override
                public void onStatement(String sql, double seconds) {
                    String key = sql.length() > 70 ? sql.substring(0, 70) : sql;
                    if (sql.contains("presence") || sql.contains("affected") || sql.contains("gap") || sql.contains("entity_hours")) {
                        gapsThisHour[0] += seconds;
                    }
                    profile.computeIfAbsent(key, k -> new double[1])[0] += seconds;
                }
            });
            for (GhArchiveHour h : range) {
                gapsThisHour[0] = 0;
                double cpuBefore = cpuSeconds();
                LoadResult r = loader.load(h, false);
                double cpu = cpuSeconds() - cpuBefore;
                loaded += r.rows();
                total += r.seconds();
                perHour.add(new double[] {r.rows(), r.seconds()});
                System.err.printf(Locale.ROOT, "bench-loader: %s %,8d rows %6.2f s %,10.0f rows/s (distinct_gaps %.2f s) %.2f CPU s%n",
                        h, r.rows(), r.seconds(), r.rows() / r.seconds(), gapsThisHour[0], cpu);
            }
            System.err.println("bench-loader: seconds per statement, summed over all hours:");
            profile.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(12)
                    .forEach(e -> System.err.printf(Locale.ROOT, "  %7.2f s  %s%n", e.getValue()[0], e.getKey()));
            double loadCpu = cpuSeconds() - cpu0;
            System.err.printf(Locale.ROOT, "bench-loader: load phase used %.1f CPU s = %.2f CPU s per hour (machine load average %.1f)%n",
                    loadCpu, loadCpu / range.size(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            long t1 = System.nanoTime();
            LoadResult again = loader.load(range.get(range.size() / 2), true);
            System.err.printf(Locale.ROOT, "bench-loader: forced reload of %s (mid-history, moves gaps) %.2f s%n",
                    range.get(range.size() / 2), again.seconds());
            try (Connection c = w.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM distinct_gaps), (SELECT count(*) FROM entity_hours),"
                         + " (SELECT count(*) FROM repo_names)")) {
                rs.next();
                System.err.printf(Locale.ROOT, "bench-loader: distinct_gaps %,d rows, entity_hours %,d rows, repo_names %,d rows%n",
                        rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
            double first = perHour.get(0)[1];
            double last = perHour.get(perHour.size() - 1)[1];
            System.out.printf(Locale.ROOT, "{\"hours\":%d,\"rows\":%d,\"seconds\":%.2f,\"rows_per_s\":%.0f,"
                            + "\"mean_s_per_hour\":%.3f,\"first_hour_s\":%.3f,\"last_hour_s\":%.3f,\"forced_reload_s\":%.3f,"
                            + "\"db_mb\":%.1f,\"peak_heap_mb\":%d}%n",
                    range.size(), loaded, total, loaded / total, total / range.size(), first, last, again.seconds(),
                    Files.size(work.resolve("bench.duckdb")) / 1e6,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            System.err.printf(Locale.ROOT, "bench-loader: (mid reload measured in %.2f s wall)%n", (System.nanoTime() - t1) / 1e9);
        }
        if (dir == null) {
            LocalFiles.deleteTree(work);
        }
        return Cli.EXIT_OK;
    }
}
