package io.ghactivity.broker;

import io.ghactivity.contracts.Topics;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Settings of the local single-node KRaft broker, and the server.properties they become.
 *
 * @param host           address to listen on and advertise (loopback by default: nothing leaves the machine)
 * @param port           client (PLAINTEXT) port
 * @param controllerPort KRaft controller port
 * @param dataDir        log dirs and metadata; formatted on first start, reused after
 * @param retentionHours how long records are kept (a full-scale June replay is ~60 GB compressed)
 */
public record BrokerConfig(String host, int port, int controllerPort, Path dataDir, int retentionHours) {

    public BrokerConfig {
        if (port < 1 || port > 65535 || controllerPort < 1 || controllerPort > 65535) {
            throw new IllegalArgumentException("ports must be 1..65535, got --port " + port + " --controller-port " + controllerPort);
        }
        if (port == controllerPort) {
            throw new IllegalArgumentException("--port and --controller-port must differ (both " + port + ")");
        }
        if (retentionHours < 1) {
            throw new IllegalArgumentException("--retention-hours must be at least 1");
        }
    }

    public String bootstrap() {
        return host + ":" + port;
    }

    public Path logDir() {
        return dataDir.resolve("kafka-logs");
    }

    /** A single node acting as broker and controller, with every replication factor 1 so it runs alone. */
    public Properties serverProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir().toAbsolutePath().toString());
        // One node: every internal topic must live with one replica or the broker waits forever for peers.
        for (String prefix : new String[] {"offsets.topic", "transaction.state.log", "share.coordinator.state.topic"}) {
            p.setProperty(prefix + ".replication.factor", "1");
        }
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        // Consumers in tests and the stream job join at once instead of waiting 3 s for more members.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created explicitly (partitions, size limits) by the producer; a typo must not make a new topic.
        p.setProperty("auto.create.topics.enable", "false");
        // Events up to Topics.MAX_EVENT_BYTES must pass; this is the broker-wide default, topics also set it.
        p.setProperty("message.max.bytes", Integer.toString(Topics.MAX_RECORD_BATCH_BYTES));
        p.setProperty("replica.fetch.max.bytes", Integer.toString(Topics.MAX_RECORD_BATCH_BYTES));
        p.setProperty("log.retention.hours", Integer.toString(retentionHours));
        p.setProperty("log.segment.bytes", Integer.toString(256 * 1024 * 1024));
        // Two cores: the broker must not take them all from the producer and Spark beside it.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("background.threads", "2");
        return p;
    }
}
