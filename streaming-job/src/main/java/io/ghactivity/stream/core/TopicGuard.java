package io.ghactivity.stream.core;

import io.ghactivity.contracts.cli.UserError;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Stops the job when its events or control topic was deleted and created again ({@link TopicIds}): checked when the
 * job starts and before every batch (one metadata request), so a checkpoint never reads a recreated topic with the old
 * topic's offsets. The ids are recorded in the checkpoint the first time the events topic is seen.
 */
public final class TopicGuard implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LakeFs fs;
    private final StreamConfig config;
    private final Admin admin;
    private TopicIds recorded;

    public TopicGuard(LakeFs fs, StreamConfig config) {
        this.fs = fs;
        this.config = config;
        Map<String, Object> p = new HashMap<>(config.plainKafkaProperties());
        p.keySet().removeIf(k -> k.startsWith("max.offsets") || k.equals("group.id"));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "gh-activity-stream-topic-ids");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(p);
    }

    /** The topics' ids now. */
    public TopicIds current() {
        return new TopicIds(config.topic(), idOf(config.topic()), config.controlTopic(), idOf(config.controlTopic()));
    }

    /**
     * Records the ids if the checkpoint has none yet, or throws a {@link UserError} naming the recreated topic, its old
     * and new id, and the command that continues on the same lake.
     */
    public synchronized void check() {
        TopicIds now = current();
        if (recorded == null) {
            recorded = TopicIds.read(fs, config.checkpoint()).orElse(null);
        }
        if (recorded == null) {
            if (now.eventsId() != null) {
                now.write(fs, config.checkpoint());
                recorded = now;
            }
            return;
        }
        List<String> changes = now.recreatedSince(recorded);
        if (!changes.isEmpty()) {
            throw new UserError(String.join("; ", changes) + ". The offsets in the checkpoint " + config.checkpoint()
                    + " belong to the old topic, so reading on with it would skip or misread records of the new one."
                    + " Continue on the same lake with a new checkpoint: rerun with --checkpoint <a new directory> "
                    + "--continue-from " + config.checkpoint()
                    + " (it reads the new topic from --starting-offsets, default earliest; ids already in the lake are "
                    + "dropped as duplicates; docs/streaming.md, \"A recreated topic\").");
        }
        TopicIds learned = recorded.learning(now);
        if (!learned.equals(recorded)) {
            learned.write(fs, config.checkpoint());
            recorded = learned;
        }
    }

    private String idOf(String topic) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return d.topicId().toString();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new IllegalStateException("cannot describe Kafka topic " + topic + " at " + config.bootstrap() + ": "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.bootstrap() + " did not describe topic " + topic
                    + " within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
