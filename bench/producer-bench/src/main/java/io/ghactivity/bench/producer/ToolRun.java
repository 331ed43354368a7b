package io.ghactivity.bench.producer;

import io.ghactivity.producer.KafkaSettings;
import io.ghactivity.producer.TopicSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Runs {@code org.apache.kafka.tools.ProducerPerformance} (kafka-tools, same client version) in its own JVM with our
 * producer settings and a payload file of the same event lines, and reads its summary line.
 */
final class ToolRun {
    private static final Pattern TOTAL = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");

    private ToolRun() {
    }

    static ProducerBenchmark.Result run(String servers, String compression, int partitions, BenchData data,
                                        long recordsToSend, String heap, PrintStream err) throws IOException, InterruptedException {
        String topic = "bench.tool." + System.currentTimeMillis();
        KafkaSettings kafka = new KafkaSettings(servers, compression, false, false, null, null);
        TopicSetup.prepare(kafka, topic, partitions, -1, Duration.ofSeconds(15));
        Properties props = kafka.producer();
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG); // the tool sets its own (byte arrays too)
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        Path config = Files.createTempFile("producer-perf-", ".properties");
        Properties asText = new Properties(); // store() needs String values; ours include Integer and Boolean
        props.forEach((k, v) -> asText.put(k.toString(), v.toString()));
        try (OutputStream out = Files.newOutputStream(config)) {
            asText.store(out, "gh-activity replay producer settings (KafkaSettings.producer())");
        }
        List<String> cmd = ProducerBenchmark.javaCommand(heap);
        cmd.addAll(List.of("-cp", ProducerBenchmark.classpath(), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Long.toString(recordsToSend), "--throughput", "-1",
                "--payload-file", data.payloadFile().toString(), "--producer.config", config.toString()));
        err.println("bench: " + String.join(" ", cmd).replace(ProducerBenchmark.classpath(), "<bench-producer's classpath>"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String total = null;
        try (ResourceSampler sampler = new ResourceSampler(p.toHandle());
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                err.println("  ProducerPerformance: " + line);
                if (TOTAL.matcher(line).find() && line.contains("99.9th")) {
                    total = line;
                }
            }
            ProducerBenchmark.check(p.waitFor() == 0 && total != null, "ProducerPerformance failed (exit " + p.exitValue() + ")");
            sampler.close();
            Matcher m = TOTAL.matcher(total);
            ProducerBenchmark.check(m.find(), "unexpected ProducerPerformance output: " + total);
            long records = Long.parseLong(m.group(1));
            double seconds = records / Double.parseDouble(m.group(2));
            long jsonBytes = Math.round(records * data.payloadMeanBytes()); // payload + '\n', like our byte count
            return new ProducerBenchmark.Result("kafka ProducerPerformance", records, jsonBytes, seconds, sampler.cpu(),
                    -1, sampler.peakRssBytes(), null);
        } finally {
            Files.deleteIfExists(config);
        }
    }
}
