package io.ghactivity.producer;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.producer.source.DirSource;
import io.ghactivity.producer.source.GhArchiveSource;
import io.ghactivity.producer.source.HourSource;
import io.ghactivity.producer.source.HttpFetcher;
import io.ghactivity.producer.source.SyntheticSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity replay}: replays GH Archive hours into Kafka.
 *
 * <p>Inputs: a source ({@code gharchive} over HTTP(S), {@code dir:PATH}, or {@code synthetic}) and an hour range.
 * Outputs: valid events on {@code --topic}, rejected lines on {@link Topics#DLQ}, one hour-end marker per delivered
 * hour on {@link Topics#CONTROL}, progress on stderr and one summary JSON line on stdout. Run:
 * {@code bin/gh-activity replay --source synthetic --scale 0.01 --from 2022-06-01T00 --to 2022-06-01T23}.
 */
@Command(name = "gh-activity replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays GH Archive hours into Kafka: value = the original line, key = event id, timestamp = created_at.",
                "Bad lines go to " + Topics.DLQ + " with a reason header; after each hour file an hour-end marker goes to " + Topics.CONTROL + ".",
                "Prints progress on stderr and one JSON summary line on stdout. Killed and restarted with the same arguments, it resumes",
                "after the last fully delivered hour (see docs/producer.md)."})
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--source", defaultValue = "synthetic", paramLabel = "gharchive|dir:PATH|synthetic",
            description = "Where hour files come from (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--from", paramLabel = "YYYY-MM-DDTHH", description = "First hour, UTC, inclusive (default with --follow: the previous hour).")
    GhArchiveHour from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DDTHH", description = "Last hour, UTC, inclusive (default: --from).")
    GhArchiveHour to;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--topic", defaultValue = Topics.EVENTS, description = "Events topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partitions", defaultValue = "8", description = "Partitions if the events topic is created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--retention-bytes", defaultValue = "-1", paramLabel = "BYTES",
            description = "Size bound per partition if the topics are created; -1 = unbounded (default: ${DEFAULT-VALUE}). "
                    + "Set it for a long-running --follow: time retention is off because record timestamps are created_at.")
    long retentionBytes;

    @Option(names = "--speed", defaultValue = "max", paramLabel = "max|N", description = "max, or N times real time by created_at (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--follow", description = "After the range, wait for each new hour to be published and replay it, until stopped.")
    boolean follow;

    @Option(names = "--poll-interval", defaultValue = "PT1M", description = "Follow mode: look again for an unpublished hour this often (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--max-publish-delay", defaultValue = "PT6H", description = "Follow mode: an hour still absent this long after it ended is reported missing (default: ${DEFAULT-VALUE}).")
    Duration maxPublishDelay;

    @Option(names = "--missing-retry-for", defaultValue = "PT24H",
            description = "Follow mode: look again for an hour that is absent while later hours are published, every "
                    + "--poll-interval, until this long after it ended; then report it missing (default: ${DEFAULT-VALUE}).")
    Duration missingRetryFor;

    @Option(names = "--gharchive-url", defaultValue = "https://data.gharchive.org", description = "GH Archive base URL (default: ${DEFAULT-VALUE}).")
    URI gharchiveUrl;

    @Option(names = "--cache-dir", description = "Download cache for --source gharchive (default: ~/.gh-activity/cache).")
    Path cacheDir;

    @Option(names = "--delete-downloads", description = "Delete each downloaded hour file once it is delivered (default: keep the cache).")
    boolean deleteDownloads;

    @Option(names = "--http-retries", defaultValue = "10", description = "Retries per download on 5xx, timeouts and resets (default: ${DEFAULT-VALUE}).")
    int httpRetries;

    @Option(names = "--retry-base-delay", defaultValue = "PT1S", description = "First retry delay; doubles each time up to 1 minute (default: ${DEFAULT-VALUE}).")
    Duration retryBaseDelay;

    @Option(names = "--http-stall-timeout", defaultValue = "PT60S", description = "Drop and resume a download that receives no data this long (default: ${DEFAULT-VALUE}).")
    Duration httpStallTimeout;

    @Option(names = "--scale", defaultValue = "1.0", description = "Synthetic: events per hour = real June 2022 count x F (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--seed", defaultValue = "1", description = "Synthetic: random seed; same seed, same events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--state-dir", description = "Crash-safety state (default: ~/.gh-activity/replay/<hash of source, range, topic, bootstrap>).")
    Path stateDir;

    @Option(names = "--fresh", description = "Forget hours a previous run with the same arguments delivered (and its follow-mode gaps), and replay them again.")
    boolean fresh;

    @Option(names = "--compression", defaultValue = "lz4", description = "lz4, zstd, gzip, snappy or none (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--tls", description = "Connect with TLS.")
    boolean tls;

    @Option(names = "--msk-iam", description = "Amazon MSK IAM authentication (SASL_SSL, AWS_MSK_IAM; credentials from the default AWS chain).")
    boolean mskIam;

    @Option(names = "--truststore", description = "Trust store for a private CA (JKS or PKCS12).")
    Path truststore;

    @Option(names = "--truststore-password", description = "Password of --truststore.")
    String truststorePassword;

    @Option(names = "--connect-timeout", defaultValue = "PT15S", description = "Give up if the broker does not answer within this (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--gunzip", defaultValue = "auto", paramLabel = "auto|libdeflate|java",
            description = "Decoder for gzip hour files: libdeflate (about 2x faster; holds the hour being sent and the next "
                    + "one decoded outside the heap, ~0.6 GB each for 2022), java (streams, heap only), or auto: libdeflate "
                    + "when installed and 2 GB or more are free beside the heap (default: ${DEFAULT-VALUE}).")
    GunzipMode gunzip;

    @Option(names = "--progress-interval", defaultValue = "PT5S", description = "Progress line interval on stderr (default: ${DEFAULT-VALUE}).")
    Duration progressInterval;

    public static void main(String[] args) {
        System.exit(Cli.execute(new ReplayCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        ReplayTotals summary = new Replay(config(), System.err).run();
        System.out.println(summary.toJson());
        System.out.flush();
        return Cli.EXIT_OK;
    }

    ReplayConfig config() {
        GhArchiveHour first = from != null ? from : followDefault();
        GhArchiveHour last = to != null ? to : first;
        KafkaSettings kafka = new KafkaSettings(bootstrap, compression.toLowerCase(Locale.ROOT), tls, mskIam, truststore, truststorePassword);
        HourSource hours = source();
        // A follow without --from starts "now" each time: its state must not depend on that hour, or a restart would
        // forget what the last run delivered and which gaps it was still looking for.
        boolean resumeFollow = follow && from == null;
        Path state = stateDir != null ? stateDir
                : ReplayState.defaultDir(hours.describe(), resumeFollow ? "follow" : first.toString(),
                        follow ? "follow" : last.toString(), topic, bootstrap);
        if (fresh) {
            state.resolve("delivered-hours").toFile().delete();
            state.resolve("follow-gaps").toFile().delete();
        }
        return new ReplayConfig(hours, first, last, topic, partitions, retentionBytes, parseSpeed(), follow, pollInterval, maxPublishDelay,
                state, kafka, connectTimeout, progressInterval, gunzip, missingRetryFor, resumeFollow);
    }

    private GhArchiveHour followDefault() {
        if (!follow) {
            throw new IllegalArgumentException("--from is required (e.g. --from 2022-06-01T00 --to 2022-06-01T23), unless --follow");
        }
        return GhArchiveHour.containing(java.time.Instant.now()).previous();
    }

    private HourSource source() {
        if (source.equals("gharchive")) {
            Path cache = cacheDir != null ? cacheDir : Path.of(System.getProperty("user.home"), ".gh-activity", "cache");
            return new GhArchiveSource(gharchiveUrl, cache, new HttpFetcher(httpRetries, retryBaseDelay, httpStallTimeout, System.err,
                    GhArchiveSource.GZIP_MAGIC), deleteDownloads);
        }
        if (source.startsWith("dir:") && source.length() > 4) {
            Path dir = Path.of(source.substring(4));
            if (!dir.toFile().isDirectory()) {
                throw new IllegalArgumentException("--source " + source + ": no such directory");
            }
            return new DirSource(dir);
        }
        if (source.equals("synthetic")) {
            return new SyntheticSource(seed, scale);
        }
        throw new IllegalArgumentException("--source must be gharchive, dir:PATH or synthetic, not '" + source + "'");
    }

    private double parseSpeed() {
        if (speed.equalsIgnoreCase("max")) {
            return 0;
        }
        try {
            double f = Double.parseDouble(speed);
            if (f > 0) {
                return f;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--speed must be 'max' or a positive number (N times real time), not '" + speed + "'");
    }
}
