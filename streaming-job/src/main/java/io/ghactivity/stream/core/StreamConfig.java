package io.ghactivity.stream.core;

import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the streaming job needs, validated once at start-up.
 *
 * @param lake                 lake root (directory or {@code s3a://bucket/prefix})
 * @param checkpoint           Spark checkpoint directory ({@code LakeLayout.checkpoint("stream")} by default)
 * @param bootstrap            Kafka bootstrap servers
 * @param topic                events topic
 * @param controlTopic         topic carrying {@code HourEndMarker}s
 * @param startingOffsets      {@code earliest}, {@code latest} or Spark's per-partition JSON (new checkpoints only)
 * @param trigger              how often micro-batches run
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch: keeps memory flat on long replays
 * @param allowedLateness      how far behind the newest event time an hour closes when no marker closes it first
 * @param closeInterval        how often markers are checked while no batch runs (markers can arrive after the data)
 * @param kafkaOptions         extra {@code kafka.*} consumer options (security, fetch sizes), passed through
 * @param runId                this run's id, written into manifests and metrics
 */
public record StreamConfig(LakeLayout lake, String checkpoint, String bootstrap, String topic, String controlTopic,
                           String startingOffsets, TriggerSpec trigger, long maxOffsetsPerTrigger,
                           Duration allowedLateness, Duration closeInterval, Map<String, String> kafkaOptions,
                           String runId) {

    /** Default lateness: one hour. Markers close replayed hours exactly; this only bounds live streams without them. */
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofHours(1);
    public static final long DEFAULT_MAX_OFFSETS_PER_TRIGGER = 200_000;

    public StreamConfig {
        if (checkpoint == null || checkpoint.isBlank()) {
            checkpoint = lake.checkpoint("stream");
        }
        if (maxOffsetsPerTrigger < 1) {
            throw new IllegalArgumentException("--max-offsets-per-trigger must be at least 1, got " + maxOffsetsPerTrigger);
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("--allowed-lateness must not be negative, got " + allowedLateness);
        }
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap is empty: give host:port of the Kafka broker");
        }
        kafkaOptions = Map.copyOf(kafkaOptions);
    }

    /** A config with the defaults, for tests and the benchmark. */
    public static StreamConfig defaults(String lake, String bootstrap, TriggerSpec trigger, String runId) {
        return new StreamConfig(new LakeLayout(lake), null, bootstrap, Topics.EVENTS, Topics.CONTROL, "earliest", trigger,
                DEFAULT_MAX_OFFSETS_PER_TRIGGER, DEFAULT_ALLOWED_LATENESS, Duration.ofSeconds(30), Map.of(), runId);
    }

    public StreamConfig withMaxOffsetsPerTrigger(long n) {
        return new StreamConfig(lake, checkpoint, bootstrap, topic, controlTopic, startingOffsets, trigger, n,
                allowedLateness, closeInterval, kafkaOptions, runId);
    }

    public StreamConfig withCheckpoint(String dir) {
        return new StreamConfig(lake, dir, bootstrap, topic, controlTopic, startingOffsets, trigger, maxOffsetsPerTrigger,
                allowedLateness, closeInterval, kafkaOptions, runId);
    }

    public StreamConfig withRunId(String id) {
        return new StreamConfig(lake, checkpoint, bootstrap, topic, controlTopic, startingOffsets, trigger,
                maxOffsetsPerTrigger, allowedLateness, closeInterval, kafkaOptions, id);
    }

    public StreamConfig withAllowedLateness(Duration d) {
        return new StreamConfig(lake, checkpoint, bootstrap, topic, controlTopic, startingOffsets, trigger,
                maxOffsetsPerTrigger, d, closeInterval, kafkaOptions, runId);
    }

    /** Consumer properties for plain Kafka clients (the control-topic reader): the {@code kafka.} prefix removed. */
    public Map<String, Object> plainKafkaProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrap);
        kafkaOptions.forEach((k, v) -> p.put(k.startsWith("kafka.") ? k.substring(6) : k, v));
        return p;
    }

    /** MSK IAM over TLS, exactly the producer's settings (aws-msk-iam-auth; credentials from the default AWS chain). */
    public static Map<String, String> mskIamOptions() {
        return Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "AWS_MSK_IAM",
                "kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
                "kafka.sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }
}
