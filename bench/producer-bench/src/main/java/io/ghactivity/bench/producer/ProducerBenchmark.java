package io.ghactivity.bench.producer;

import io.ghactivity.bench.support.BenchBroker;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.local.BrokerProcess;
import io.ghactivity.contracts.local.LocalFiles;
import io.ghactivity.producer.KafkaSettings;
import io.ghactivity.producer.Replay;
import io.ghactivity.producer.ReplayConfig;
import io.ghactivity.producer.ReplayTotals;
import io.ghactivity.producer.source.DirSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity bench-producer}: our replay against Kafka's own {@code ProducerPerformance}, same broker, same
 * run, same event lines, same producer settings.
 *
 * <p>Inputs: generated 2022-like hours (synthetic, ~4.5 KB/event) written as {@code .json.gz} into {@code --work-dir}
 * (kept between runs). Steps: start the project's local broker (or use {@code --bootstrap}); warm it up with an
 * untimed ProducerPerformance run of a quarter of the records; replay the files with our producer in this JVM
 * (gunzip + split + validate + send); then run ProducerPerformance in its own JVM with a payload file of the same
 * lines and the same compression, acks, idempotence and batching. Output: events/s, MB/s of JSON (total and per CPU
 * core used), the broker's CPU during each phase, peak heap and RSS, and the ratio, as a table on stdout plus one
 * JSON line.
 * Run: {@code bin/gh-activity bench-producer} (or {@code make bench}).
 */
@Command(name = "gh-activity bench-producer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks the replay producer against Kafka's ProducerPerformance on the same broker, same lines.")
public final class ProducerBenchmark implements Callable<Integer> {
    @Option(names = "--hours", defaultValue = "3", description = "Hours to generate and replay (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--scale", defaultValue = "0.25", description = "Synthetic scale: events per hour = June 2022 x F (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--from", defaultValue = "2022-06-14T12", description = "First generated hour (default: ${DEFAULT-VALUE}, a weekday noon).")
    GhArchiveHour from;

    @Option(names = "--compression", defaultValue = "lz4", description = "Compression for both producers (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--gunzip", defaultValue = "auto", description = "Our decoder for the hour files: auto, libdeflate or java, as for replay (default: ${DEFAULT-VALUE}).")
    io.ghactivity.producer.GunzipMode gunzip;

    @Option(names = "--partitions", defaultValue = "8", description = "Partitions of both topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--payload-lines", defaultValue = "20000", description = "Lines in ProducerPerformance's payload file (it holds them all in memory; default: ${DEFAULT-VALUE}).")
    int payloadLines;

    @Option(names = "--bootstrap", description = "Use this broker instead of starting the project's local one.")
    String bootstrap;

    @Option(names = "--work-dir", description = "Generated files and broker data (default: ~/.gh-activity/bench-producer).")
    Path workDir;

    @Option(names = "--tool-heap", defaultValue = "-Xmx1g", description = "Heap of the ProducerPerformance JVM (default: ${DEFAULT-VALUE}).")
    String toolHeap;

    public static void main(String[] args) {
        System.exit(Cli.execute(new ProducerBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = workDir != null ? workDir : Path.of(System.getProperty("user.home"), ".gh-activity", "bench-producer");
        PrintStream err = System.err;
        BenchData data = BenchData.prepare(work.resolve(String.format(Locale.ROOT, "data-%s-%dh-x%s", from, hours, scale)),
                from, hours, scale, payloadLines, err);
        Path root = Path.of(System.getProperty("gh.root", "."));
        Path brokerDir = Files.createTempDirectory(work, "broker-");
        try (BrokerProcess broker = bootstrap == null ? BenchBroker.start(root, brokerDir) : null) {
            String servers = broker != null ? broker.bootstrap() : bootstrap;
            err.printf("bench: broker %s; replaying %d events (%.1f MB of JSON) with our producer...%n", servers, data.events(), data.jsonBytes() / 1e6);
            // A fresh broker JVM spends its first seconds compiling its hot paths; whichever producer ran first would pay
            // for that in broker CPU, so warm it up with a quarter of the records on a throwaway topic, untimed.
            err.printf("bench: warming the broker up (ProducerPerformance, %,d records, not measured)...%n", data.events() / 4);
            ToolRun.run(servers, compression, partitions, data, data.events() / 4, toolHeap, err);
            // The broker shares the 2 cores; its CPU per phase shows how much of the machine each producer left it.
            ResourceSampler brokerDuringOurs = brokerSampler(broker);
            Result ours = runOurs(data, servers, work).withBrokerCpu(brokerDuringOurs);
            err.printf("bench: now Kafka's ProducerPerformance with the same lines and settings...%n");
            ResourceSampler brokerDuringTool = brokerSampler(broker);
            Result tool = ToolRun.run(servers, compression, partitions, data, data.events(), toolHeap, err)
                    .withBrokerCpu(brokerDuringTool);
            print(ours, tool, data, servers);
        } finally {
            LocalFiles.deleteTree(brokerDir); // the generated input is kept for the next run; the broker's data is not
        }
        return Cli.EXIT_OK;
    }

    private static ResourceSampler brokerSampler(BrokerProcess broker) {
        return broker == null ? null : ProcessHandle.of(broker.pid()).map(ResourceSampler::new).orElse(null);
    }

    private Result runOurs(BenchData data, String servers, Path work) throws Exception {
        String topic = "bench.replay." + System.currentTimeMillis();
        KafkaSettings kafka = new KafkaSettings(servers, compression, false, false, null, null);
        ReplayConfig cfg = new ReplayConfig(new DirSource(data.dir()), from, data.to(), topic, partitions, -1, 0, false,
                Duration.ofMinutes(1), Duration.ofHours(6), work.resolve("state-" + topic), kafka,
                Duration.ofSeconds(15), Duration.ofSeconds(5), gunzip);
        io.ghactivity.producer.TopicSetup.prepare(kafka, topic, partitions, -1, Duration.ofSeconds(15)); // not part of the timing
        System.gc();
        try (ResourceSampler sampler = new ResourceSampler(ProcessHandle.current())) {
            ReplayTotals s = new Replay(cfg, System.err).run();
            double seconds = s.seconds(); // from the first hour to the last ack, like the tool's own clock
            sampler.close();
            if (s.events() != data.events()) {
                throw new IllegalStateException("replay sent " + s.events() + " events, expected " + data.events());
            }
            LocalFiles.deleteTree(cfg.stateDir());
            return new Result("gh-activity replay", s.events(), s.bytes(), seconds, sampler.cpu(), sampler.peakHeapBytes(),
                    sampler.peakRssBytes(), null);
        }
    }

    private void print(Result ours, Result tool, BenchData data, String servers) {
        System.out.printf(Locale.ROOT, "%-34s %12s %10s %14s %12s %12s %12s %10s%n", "producer", "events/s", "MB/s JSON", "MB/s per core",
                "cores used", "broker cores", "peak heap", "peak RSS");
        for (Result r : List.of(ours, tool)) {
            System.out.printf(Locale.ROOT, "%-34s %,12.0f %10.1f %14.1f %12.2f %12s %9.0f MB %7.0f MB%n", r.name(), r.eventsPerSecond(), r.mbPerSecond(),
                    r.mbPerSecondPerCore(), r.cores(), r.brokerCpu() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.brokerCores()),
                    r.peakHeapBytes() / 1e6, r.peakRssBytes() / 1e6);
        }
        System.out.printf(Locale.ROOT, "ratio (ours / ProducerPerformance, MB/s of JSON): %.2f   [%d events, %.1f MB JSON, %d hours, compression %s, our gunzip %s, %d partitions, %d cores, broker %s]%n",
                ours.mbPerSecond() / tool.mbPerSecond(), data.events(), data.jsonBytes() / 1e6, hours, compression,
                gunzip.name().toLowerCase(Locale.ROOT), partitions,
                Runtime.getRuntime().availableProcessors(), servers);
        System.out.printf(Locale.ROOT, "{\"ours_mb_s\":%.1f,\"tool_mb_s\":%.1f,\"ratio\":%.2f,\"ours_events_s\":%.0f,\"tool_events_s\":%.0f,"
                        + "\"ours_mb_s_per_core\":%.1f,\"tool_mb_s_per_core\":%.1f,\"ours_peak_heap_mb\":%.0f,\"ours_peak_rss_mb\":%.0f,\"tool_peak_rss_mb\":%.0f}%n",
                ours.mbPerSecond(), tool.mbPerSecond(), ours.mbPerSecond() / tool.mbPerSecond(), ours.eventsPerSecond(), tool.eventsPerSecond(),
                ours.mbPerSecondPerCore(), tool.mbPerSecondPerCore(), ours.peakHeapBytes() / 1e6, ours.peakRssBytes() / 1e6, tool.peakRssBytes() / 1e6);
    }

    /**
     * One producer's figures. {@code jsonBytes} counts event JSON including the newline, for both sides alike;
     * {@code brokerCpu} is the broker's CPU time during the phase (null with {@code --bootstrap}).
     */
    record Result(String name, long events, long jsonBytes, double seconds, Duration cpu, long peakHeapBytes, long peakRssBytes,
                  Duration brokerCpu) {
        Result withBrokerCpu(ResourceSampler broker) throws InterruptedException {
            if (broker == null) {
                return this;
            }
            broker.close();
            return new Result(name, events, jsonBytes, seconds, cpu, peakHeapBytes, peakRssBytes, broker.cpu());
        }

        double brokerCores() {
            return brokerCpu.toNanos() / 1e9 / seconds;
        }

        double eventsPerSecond() {
            return events / seconds;
        }

        double mbPerSecond() {
            return jsonBytes / seconds / 1e6;
        }

        double cores() {
            return cpu.toNanos() / 1e9 / seconds;
        }

        double mbPerSecondPerCore() {
            return cores() > 0 ? mbPerSecond() / cores() : Double.NaN;
        }
    }

    /** This benchmark's own classpath (the launcher expanded its lib/* into it): kafka-tools and our client version. */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    static List<String> javaCommand(String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(heap);
        return cmd;
    }

    static void check(boolean ok, String message) throws IOException {
        if (!ok) {
            throw new IOException(message);
        }
    }
}
