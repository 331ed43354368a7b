package io.ghactivity.bench.dashboard;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.dashboard.Api;
import io.ghactivity.dashboard.DashboardApp;
import io.ghactivity.dashboard.DashboardConfig;
import io.ghactivity.dashboard.DashboardService;
import io.ghactivity.dashboard.Filter;
import io.ghactivity.dashboard.QueryLimits;
import io.ghactivity.dashboard.ReadOnlyWarehouse;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity bench-dashboard}: API latency over a real warehouse, through HTTP on 127.0.0.1.
 *
 * <p>Input: {@code --warehouse duckdb:PATH} (e.g. a full-scale June 2022). It first times the per-version warm-up
 * (repo leaders, what the server does in the background after each load), then sends a seeded, shuffled mix of
 * requests to every endpoint — no filter, the whole span, single days, multi-day and few-hour ranges, with and without
 * a type, most/least repos — with the answer cache OFF (every request is a cold query; the server caches per warehouse
 * version). Output: per endpoint p50/p95/max in ms on stdout, and one JSON line. Run:
 * {@code bin/gh-activity bench-dashboard --warehouse duckdb:bench/june2022.duckdb --requests 200}.
 */
@Command(name = "bench-dashboard", mixinStandardHelpOptions = true,
        description = "Measure dashboard API latency (p50/p95/max per endpoint, cold queries) over a warehouse.")
public final class DashboardBenchmark implements Callable<Integer> {
    static final String[] ENDPOINTS = {"summary", "traffic-by-hour", "event-types", "timeline", "repos", "status"};

    @Option(names = "--warehouse", required = true, paramLabel = "duckdb:PATH", description = "the warehouse to query")
    String warehouse;

    @Option(names = "--requests", defaultValue = "200", description = "requests per endpoint (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the request mix (default ${DEFAULT-VALUE})")
    long seed;

    public static void main(String[] args) {
        System.exit(Cli.execute(new DashboardBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        try (ReadOnlyWarehouse wh = ReadOnlyWarehouse.open(DashboardConfig.parseWarehouse(warehouse))) {
            // Cold requests: the answer cache off, as `gh-activity dashboard --no-answer-cache` runs it.
            DashboardService service = new DashboardService(wh, Clock.systemUTC(), QueryLimits.DEFAULT, false);
            Api.Status st = service.status();
            if (st.empty()) {
                throw new UserError("the warehouse has no loaded hours to benchmark");
            }
            long t0 = System.nanoTime();
            service.warmUp();
            double warmMs = (System.nanoTime() - t0) / 1e6;
            System.err.printf("bench-dashboard: %d hours loaded; warm-up (repo leaders) %.0f ms%n", st.loadedHours(), warmMs);
            Javalin app = DashboardApp.create(service).start("127.0.0.1", 0);
            try {
                Map<String, List<Double>> times = run(app.port(), plan(service), requests);
                report(times, warmMs, st);
            } finally {
                app.stop();
            }
        }
        return Cli.EXIT_OK;
    }

    /** Requests to send: every endpoint with a seeded mix of filters. */
    private List<String[]> plan(DashboardService service) {
        Api.Summary s = service.summary(Filter.ALL);
        GhArchiveHour first = GhArchiveHour.parse(s.firstHour());
        long span = GhArchiveHour.parse(s.latestHour()).epochHour() - first.epochHour() + 1;
        List<String> types = service.eventTypes(Filter.ALL).stream().map(Api.TypeShare::type).toList();
        Random rnd = new Random(seed);
        List<String[]> plan = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            for (int i = 0; i < requests; i++) {
                StringBuilder q = new StringBuilder(range(rnd, first, span));
                if (!endpoint.equals("status") && rnd.nextInt(10) < 4) {
                    q.append("&type=").append(types.get(rnd.nextInt(types.size())));
                }
                String label = endpoint;
                if (endpoint.equals("repos")) {
                    String order = rnd.nextBoolean() ? "most" : "least";
                    label = "repos " + order;
                    q.append("&order=").append(order).append("&limit=").append(rnd.nextBoolean() ? 10 : 1 + rnd.nextInt(100));
                }
                plan.add(new String[] {label, "/api/" + endpoint + "?" + q});
            }
        }
        Collections.shuffle(plan, rnd);
        return plan;
    }

    private static String range(Random rnd, GhArchiveHour first, long span) {
        long a;
        long b;
        switch (rnd.nextInt(5)) {
            case 0 -> { return ""; }                                   // no filter: the default view
            case 1 -> { a = 0; b = span - 1; }                          // the whole span, explicitly
            case 2 -> { a = rnd.nextLong(Math.max(1, span / 24)) * 24; b = a + 23; } // one day
            case 3 -> { a = rnd.nextLong(span); b = a + rnd.nextLong(span - a); }   // any range
            default -> { a = rnd.nextLong(span); b = Math.min(span - 1, a + rnd.nextInt(72)); } // a few hours
        }
        return "from=" + GhArchiveHour.ofEpochHour(first.epochHour() + a) + "&to="
                + GhArchiveHour.ofEpochHour(first.epochHour() + Math.min(b, span - 1));
    }

    private static Map<String, List<Double>> run(int port, List<String[]> plan, int perEndpoint) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        List<Map.Entry<Double, String>> all = new ArrayList<>();
        int done = 0;
        for (String[] req : plan) {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + req[1]))
                    .timeout(Duration.ofMinutes(2)).build();
            long t = System.nanoTime();
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t) / 1e6;
            if (resp.statusCode() != 200) {
                throw new IllegalStateException(req[1] + " answered " + resp.statusCode() + ": " + resp.body());
            }
            times.computeIfAbsent(req[0], k -> new ArrayList<>()).add(ms);
            all.add(Map.entry(ms, req[1]));
            if (++done % 100 == 0) {
                System.err.printf("bench-dashboard: %d/%d requests%n", done, plan.size());
            }
        }
        // The slowest requests name the filters a p95 comes from: where to look next.
        all.sort(Map.Entry.<Double, String>comparingByKey().reversed());
        System.err.println("bench-dashboard: slowest requests:");
        all.stream().limit(10).forEach(e -> System.err.printf("  %8.1f ms  %s%n", e.getKey(), e.getValue()));
        return times;
    }

    private static void report(Map<String, List<Double>> times, double warmMs, Api.Status st) {
        StringBuilder json = new StringBuilder("{\"loaded_hours\":" + st.loadedHours() + ",\"warmup_ms\":" + Math.round(warmMs));
        System.out.printf("%-16s %6s %8s %8s %8s%n", "endpoint", "calls", "p50 ms", "p95 ms", "max ms");
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            List<Double> t = new ArrayList<>(e.getValue());
            Collections.sort(t);
            double p50 = pct(t, 0.50);
            double p95 = pct(t, 0.95);
            double max = t.get(t.size() - 1);
            System.out.printf("%-16s %6d %8.1f %8.1f %8.1f%n", e.getKey(), t.size(), p50, p95, max);
            json.append(String.format(",\"%s\":{\"p50\":%.1f,\"p95\":%.1f,\"max\":%.1f}", e.getKey(), p50, p95, max));
        }
        System.out.println(json.append('}'));
    }

    /** Nearest-rank percentile. */
    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
