package io.ghactivity.producer;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.producer.source.HourSource;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything one replay needs, validated once at start-up.
 *
 * @param source           where hour files come from
 * @param from             first hour (inclusive, UTC)
 * @param to               last hour (inclusive); in follow mode the replay continues past it
 * @param topic            events topic
 * @param partitions       partitions when the events topic is created (an existing topic is left as is)
 * @param retentionBytes   size bound per partition when the topics are created, -1 = unbounded (time retention is always
 *                         off: record timestamps are created_at, so a time bound would delete a replay of old hours)
 * @param speed            0 = as fast as possible, N = N× real time by created_at
 * @param follow           after the range, wait for each new hour to be published and replay it, until stopped
 * @param pollInterval     follow mode: how often to look for an unpublished hour again
 * @param maxPublishDelay  follow mode: an hour still absent this long after its end is missing, not late
 * @param stateDir         crash-safety state (delivered hours)
 * @param kafka            client connection, security and compression
 * @param connectTimeout   how long to wait for the broker before giving up
 * @param progressEvery    progress line interval on stderr
 * @param gunzip           which decoder reads gzip hour files
 * @param missingRetryFor  follow mode: how long after its end an overdue hour (absent while later hours are out) is
 *                         looked for again before it is reported missing for good
 * @param resumeFollow     follow mode without --from: start after the last hour the state says was delivered, if
 *                         that is earlier than {@code from}, so a restart leaves no hole
 */
public record ReplayConfig(HourSource source, GhArchiveHour from, GhArchiveHour to, String topic, int partitions,
                           long retentionBytes,
                           double speed, boolean follow, Duration pollInterval, Duration maxPublishDelay, Path stateDir,
                           KafkaSettings kafka, Duration connectTimeout, Duration progressEvery, GunzipMode gunzip,
                           Duration missingRetryFor, boolean resumeFollow) {
    /** Default follow-mode gap rules: look for an overdue hour for a day after its end. */
    public static final Duration DEFAULT_MISSING_RETRY_FOR = Duration.ofHours(24);

    /** Without the follow-mode gap options (a range replay, or their defaults). */
    public ReplayConfig(HourSource source, GhArchiveHour from, GhArchiveHour to, String topic, int partitions,
                        long retentionBytes, double speed, boolean follow, Duration pollInterval, Duration maxPublishDelay,
                        Path stateDir, KafkaSettings kafka, Duration connectTimeout, Duration progressEvery,
                        GunzipMode gunzip) {
        this(source, from, to, topic, partitions, retentionBytes, speed, follow, pollInterval, maxPublishDelay, stateDir,
                kafka, connectTimeout, progressEvery, gunzip, DEFAULT_MISSING_RETRY_FOR, false);
    }

    public ReplayConfig {
        if (missingRetryFor.isNegative()) {
            throw new IllegalArgumentException("--missing-retry-for must not be negative");
        }
        if (to.compareTo(from) < 0) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        if (retentionBytes < -1 || retentionBytes == 0) {
            throw new IllegalArgumentException("--retention-bytes must be positive, or -1 for unbounded");
        }
        if (speed < 0) {
            throw new IllegalArgumentException("--speed must be 'max' or a positive factor");
        }
    }
}
