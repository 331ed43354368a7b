package io.ghactivity.broker;

import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.Ports;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.BrokerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity broker}: one real Kafka broker in KRaft mode (broker + controller in one process), for local runs
 * and tests. Formats its storage on first start, prints {@value BrokerProcess#READY_PREFIX} and the bootstrap address on stdout once
 * clients can connect, and shuts down cleanly on Ctrl-C / SIGTERM.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker (KRaft, no ZooKeeper, no Docker) on this machine.")
public final class LocalKafkaBroker implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", description = "KRaft controller port (default: --port + 1).")
    Integer controllerPort;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", description = "Broker storage; formatted on first start (default: ~/.gh-activity/broker).")
    Path dataDir;

    @Option(names = "--retention-hours", defaultValue = "168", description = "Time retention of topics created without their own; the replay's topics have none, as their record timestamps are created_at (default: ${DEFAULT-VALUE}).")
    int retentionHours;

    @Option(names = "--start-timeout", defaultValue = "PT60S", description = "Give up if not ready within this ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    Duration startTimeout;

    public static void main(String[] args) {
        System.exit(Cli.execute(new LocalKafkaBroker(), args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".gh-activity", "broker");
        BrokerConfig config = new BrokerConfig(host, port, controllerPort != null ? controllerPort : port + 1, dir, retentionHours);
        requireFree(config.host(), config.port(), "--port");
        requireFree(config.host(), config.controllerPort(), "--controller-port");
        Properties props = config.serverProperties();
        Files.createDirectories(config.logDir());
        Path propsFile = config.dataDir().resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "written by gh-activity broker; regenerated at every start");
        }
        formatIfNew(config, propsFile);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("gh-activity broker: shutting down");
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }, "broker-shutdown"));
        server.startup();
        awaitPort(config.host(), config.port(), startTimeout);
        System.out.println(BrokerProcess.READY_PREFIX + config.bootstrap() + " data-dir=" + config.dataDir().toAbsolutePath());
        System.out.flush();
        server.awaitShutdown();
        stopped.await();
        return Cli.EXIT_OK;
    }

    /** First start only: write the cluster id and metadata the KRaft quorum needs (what kafka-storage.sh format does). */
    private static void formatIfNew(BrokerConfig config, Path propsFile) {
        if (Files.exists(config.logDir().resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()},
                new PrintStream(log, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new UserError("could not format broker storage in " + config.logDir() + ": " + log.toString(StandardCharsets.UTF_8).trim());
        }
        System.err.println("gh-activity broker: formatted new storage in " + config.logDir());
    }

    private static void requireFree(String host, int port, String flag) {
        Ports.requireFree(host, port, flag, "is a broker already running? Pick another with " + flag + " N");
    }

    private static void awaitPort(String host, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new UserError("the broker did not open " + host + ":" + port + " within " + timeout);
    }
}
