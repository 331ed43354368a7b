package io.ghactivity.stream.core;

import io.ghactivity.contracts.cli.UserError;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Waits until the events topic exists before the query starts. The producer creates the topics (with their size and
 * retention settings), so a stream started first — as the demo does, and as an operator may — must wait for it
 * instead of failing with Kafka's "does not host this topic-partition".
 */
public final class TopicWait {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    private TopicWait() {
    }

    public static void await(StreamConfig config, Duration timeout) throws InterruptedException {
        Map<String, Object> p = new HashMap<>(config.plainKafkaProperties());
        p.keySet().removeIf(k -> k.startsWith("max.offsets") || k.equals("group.id"));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        long start = System.nanoTime();
        long lastReport = 0;
        try (Admin admin = Admin.create(p)) {
            while (true) {
                Set<String> names;
                try {
                    names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new UserError("Kafka is not reachable at " + config.bootstrap() + " (" + e.getMessage()
                            + "). Start one with `bin/gh-activity broker` or pass --bootstrap.", e);
                }
                if (names.contains(config.topic())) {
                    return;
                }
                long waited = System.nanoTime() - start;
                if (waited > timeout.toNanos()) {
                    throw new UserError("topic " + config.topic() + " does not exist on " + config.bootstrap() + " after "
                            + timeout + ": run `gh-activity replay` (it creates the topics) or check --topic");
                }
                if (waited - lastReport >= REPORT_EVERY.toNanos() || lastReport == 0) {
                    System.err.println("gh-activity stream: waiting for topic " + config.topic()
                            + " (created by the first `gh-activity replay`)");
                    lastReport = Math.max(waited, 1);
                }
                Thread.sleep(500);
            }
        }
    }
}
