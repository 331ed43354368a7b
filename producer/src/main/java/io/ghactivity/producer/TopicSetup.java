package io.ghactivity.producer;

import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.cli.UserError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks the broker is reachable (fast, clear failure) and creates the events, DLQ and control topics if missing.
 * Idempotent: existing topics are left as they are.
 */
public final class TopicSetup {
    private TopicSetup() {
    }

    /**
     * What the replay must know of the events topic, which may predate this run and have limits of its own.
     *
     * @param maxMessageBytes the topic's {@code max.message.bytes}: the largest record batch it accepts
     */
    public record EventsTopic(int partitions, int maxMessageBytes) {
    }

    /**
     * Returns the events topic's partition count and record size limit.
     *
     * @param retentionBytes size bound per partition for topics this call creates, -1 = unbounded
     */
    public static EventsTopic prepare(KafkaSettings kafka, String eventsTopic, int partitions, long retentionBytes, Duration timeout) {
        try (Admin admin = Admin.create(kafka.admin((int) timeout.toMillis()))) {
            checkReachable(admin, kafka.bootstrap(), timeout);
            int replication = Math.min(3, brokers(admin, timeout));
            List<NewTopic> wanted = new ArrayList<>();
            Map<String, String> limits = Map.of(
                    // Without a time bound, only size can bound a long-running --follow (the cloud sets it).
                    TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(retentionBytes),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.MAX_RECORD_BATCH_BYTES),
                    // Record timestamps are created_at: history is years old and a clock-skewed event may lie in the
                    // future; Kafka 4 rejects timestamps over 1 h ahead by default, which would fail a whole hour.
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE),
                    TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE),
                    // Time retention counts from the record timestamp, i.e. created_at: with the broker's 7-day default a
                    // replay of 2022 would be deleted at the next retention check, before the stream reads it.
                    TopicConfig.RETENTION_MS_CONFIG, "-1");
            wanted.add(new NewTopic(eventsTopic, partitions, (short) replication).configs(limits));
            wanted.add(new NewTopic(Topics.DLQ, Math.max(1, partitions / 4), (short) replication).configs(limits));
            // One partition: markers stay in the order the hours were delivered.
            wanted.add(new NewTopic(Topics.CONTROL, 1, (short) replication).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            wanted.removeIf(t -> existing.contains(t.name()));
            if (!wanted.isEmpty()) {
                createAll(admin, wanted, timeout);
                awaitLeadersServing(admin, wanted.stream().map(NewTopic::name).toList(), timeout);
            }
            return new EventsTopic(partitionCount(admin, eventsTopic, timeout), maxMessageBytes(admin, eventsTopic, timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while preparing topics");
        } catch (ExecutionException | TimeoutException e) {
            throw new UserError("cannot prepare topics on " + kafka.bootstrap() + ": " + rootMessage(e), e);
        }
    }

    /** A just-created topic takes a moment to appear in metadata: ask again until the timeout. */
    private static int partitionCount(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static int maxMessageBytes(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        return entry == null || entry.value() == null ? Topics.MAX_RECORD_BATCH_BYTES : Integer.parseInt(entry.value());
    }

    private static void checkReachable(Admin admin, String bootstrap, Duration timeout) throws InterruptedException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new UserError("Kafka is not reachable at " + bootstrap + " (no answer within " + timeout.toSeconds()
                    + " s: " + rootMessage(e) + "). Start one with `bin/gh-activity broker` or pass --bootstrap.", e);
        }
    }

    private static int brokers(Admin admin, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
    }

    private static void createAll(Admin admin, List<NewTopic> topics, Duration timeout) throws InterruptedException, TimeoutException, ExecutionException {
        try {
            admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // a concurrent replay created it first: fine
                throw e;
            }
        }
    }

    /**
     * Waits until the leader of every partition of just-created topics answers a ListOffsets, i.e. has applied the
     * topic. Why: the broker can list a new partition's leader before that leader serves it; an idempotent producer's
     * first request then fails (NOT_LEADER_OR_FOLLOWER) while its second is appended, and every retry of the first
     * fails with OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms (5 min) fails the replay (KAFKA-15591).
     */
    private static void awaitLeadersServing(Admin admin, List<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            int n = partitionCount(admin, topic, timeout);
            for (int p = 0; p < n; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        while (true) {
            try {
                admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
