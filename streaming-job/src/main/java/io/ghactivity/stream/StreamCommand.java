package io.ghactivity.stream;

import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.ReadySignal;
import io.ghactivity.stream.core.StreamConfig;
import io.ghactivity.stream.core.TopicWait;
import io.ghactivity.stream.core.TriggerSpec;
import io.ghactivity.stream.spark.SparkSessions;
import io.ghactivity.stream.spark.StreamJob;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity stream}: Kafka {@code gharchive.events} → hourly Parquet lake with completion manifests.
 *
 * <p>Inputs: the events topic (and hour-end markers on {@code gharchive.control}). Outputs under {@code --lake}:
 * {@code events/dt=…/hr=…/} Parquet, {@code _manifests/events/…json} per closed hour, {@code rejects/},
 * {@code _metrics/stream/}, and the checkpoint. Runs until stopped, or until the topic is drained with
 * {@code --trigger available-now}. Example:
 * {@code bin/gh-activity stream --lake /data/lake --bootstrap 127.0.0.1:9092 --trigger available-now}.
 * See docs/streaming.md.
 */
@Command(name = "gh-activity stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stream GH Archive events from Kafka into the hourly Parquet lake, exactly once, with a completion "
                + "manifest per closed hour.")
public final class StreamCommand implements Callable<Integer> {

    @Option(names = "--lake", defaultValue = "lake", description = "Lake root: a directory or s3a://bucket/prefix (default: ${DEFAULT-VALUE}).")
    String lake;

    @Option(names = "--checkpoint", description = "Checkpoint directory (default: <lake>/_checkpoints/stream).")
    String checkpoint;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--topic", defaultValue = Topics.EVENTS, description = "Events topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--control-topic", defaultValue = Topics.CONTROL, description = "Topic of hour-end markers (default: ${DEFAULT-VALUE}).")
    String controlTopic;

    @Option(names = "--starting-offsets", defaultValue = "earliest",
            description = "Where a NEW checkpoint starts: earliest, latest or Spark's JSON per partition (default: ${DEFAULT-VALUE}). Ignored on restart.")
    String startingOffsets;

    @Option(names = "--trigger", defaultValue = "1h",
            description = "available-now (drain the topic, close hours, exit) or an interval: 1h, 30s, 5m (default: ${DEFAULT-VALUE}).")
    String trigger;

    @Option(names = "--max-offsets-per-trigger", defaultValue = "200000",
            description = "Most records per micro-batch; bounds memory (default: ${DEFAULT-VALUE}).")
    long maxOffsetsPerTrigger;

    @Option(names = "--allowed-lateness", defaultValue = "1h",
            description = "An hour without a marker closes when the newest event is this far past its end (default: ${DEFAULT-VALUE}).")
    String allowedLateness;

    @Option(names = "--close-interval", defaultValue = "30s",
            description = "How often markers are checked between batches (default: ${DEFAULT-VALUE}).")
    String closeInterval;

    @Option(names = "--master", description = "Spark master (default: the one spark-submit set, e.g. on EMR; else local[*]).")
    String master;

    @Option(names = "--msk-iam", description = "Authenticate to Amazon MSK with IAM (SASL_SSL, AWS_MSK_IAM), like the producer.")
    boolean mskIam;

    @Option(names = "--kafka-option", paramLabel = "KEY=VALUE",
            description = "Extra Kafka consumer setting, repeatable, e.g. kafka.security.protocol=SSL (the kafka. prefix is added if missing).")
    Map<String, String> kafkaOptions = new LinkedHashMap<>();

    @Option(names = "--s3-endpoint", description = "S3-compatible endpoint for s3a:// lakes (path-style), e.g. http://127.0.0.1:9000. "
            + "Keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Leave unset for Amazon S3.")
    String s3Endpoint;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting, repeatable (e.g. spark.hadoop.fs.s3a.*).")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Option(names = "--continue-from", paramLabel = "OLD_CHECKPOINT",
            description = "With a new --checkpoint: continue the lake OLD_CHECKPOINT wrote, e.g. after the events topic was "
                    + "deleted and created again. Reads the topic from --starting-offsets; ids already in the lake are dropped.")
    String continueFrom;

    @Option(names = "--topic-wait", defaultValue = "PT24H",
            description = "If the events topic does not exist yet, wait this long for a producer to create it (default: ${DEFAULT-VALUE}).")
    Duration topicWait;

    @Option(names = "--run-id", description = "Run id written into manifests and metrics (default: time-stamped random).")
    String runId;

    public static void main(String[] args) {
        System.exit(Cli.execute(new StreamCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        StreamConfig config = config();
        Map<String, String> conf = new HashMap<>();
        if (s3Endpoint != null) {
            String key = System.getenv("AWS_ACCESS_KEY_ID");
            String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
            if (key == null || secret == null) {
                throw new UserError("--s3-endpoint needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
            }
            conf.putAll(SparkSessions.s3aEndpoint(s3Endpoint, key, secret));
        }
        conf.putAll(sparkConf);
        // The topic check (an admin round trip, ~0.4 s in a fresh JVM; or a wait for the producer) runs while Spark
        // starts, instead of before it.
        FutureTask<Void> topicReady = new FutureTask<>(() -> {
            TopicWait.await(config, topicWait);
            return null;
        });
        Thread topicWaiter = new Thread(topicReady, "gh-activity-topic-wait");
        topicWaiter.setDaemon(true);
        topicWaiter.start();
        try (StreamJob job = StreamJob.onNewSession(SparkSessions.master(master), conf, config)) {
            awaitTopic(topicReady);
            if (continueFrom != null) {
                job.continueFrom(continueFrom);
            }
            job.start();
            System.err.printf("gh-activity stream: run %s, %s → %s (trigger %s); metrics in %s%n", config.runId(),
                    config.topic(), config.lake().root(), config.trigger(), config.lake().streamMetrics());
            ReadySignal.STREAM.announce("run=" + config.runId());
            if (config.trigger().availableNow()) {
                job.awaitDone();
                System.err.printf("gh-activity stream: drained; open hours left: %s%n", job.state().openHours());
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(job), "gh-activity-stream-stop"));
                job.awaitTermination();
            }
        } catch (StreamJob.Failed e) {
            throw new UserError("the stream failed: " + e.s3Failure().orElseGet(() -> rootMessage(e)), e);
        }
        return Cli.EXIT_OK;
    }

    StreamConfig config() {
        Map<String, String> kafka = new LinkedHashMap<>();
        if (mskIam) {
            kafka.putAll(StreamConfig.mskIamOptions());
        }
        kafkaOptions.forEach((k, v) -> kafka.put(k.startsWith("kafka.") ? k : "kafka." + k, v));
        String id = runId != null ? runId : DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new StreamConfig(new LakeLayout(lake), checkpoint, bootstrap, topic, controlTopic, startingOffsets,
                TriggerSpec.parse(trigger), maxOffsetsPerTrigger, TriggerSpec.parseDuration(allowedLateness, "--allowed-lateness"),
                TriggerSpec.parseDuration(closeInterval, "--close-interval"), kafka, id);
    }

    private static void awaitTopic(FutureTask<Void> topicReady) throws InterruptedException {
        try {
            topicReady.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // a UserError: Kafka unreachable, or no topic within --topic-wait
            }
            throw new IllegalStateException("waiting for the events topic failed", e.getCause());
        }
    }

    private static void stopQuietly(StreamJob job) {
        try {
            job.close();
        } catch (Exception ignored) {
            // the JVM is exiting; the checkpoint makes the next start resume where this one stopped
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
