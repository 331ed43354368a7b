package io.ghactivity.testsupport;

import io.ghactivity.contracts.local.BrokerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The project's real local broker ({@code gh-activity broker}) started in its own JVM for a test: random ports, a temp
 * data dir, a hard start timeout, and a kill on close or JVM exit so a failed test never leaves it running.
 *
 * <p>It runs exactly what users run ({@link BrokerProcess}), with a small heap and a quick-starting JIT: tests start
 * many brokers and each holds little data.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> TEST_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final BrokerProcess broker;

    private KafkaBrokerProcess(BrokerProcess broker) {
        this.broker = broker;
    }

    /** Starts a broker with its data in {@code dataDir} (created if missing) and waits until clients can connect. */
    public static KafkaBrokerProcess start(Path dataDir) throws IOException {
        return start(dataDir, FreePorts.next());
    }

    /** Starts (or restarts on the same data) a broker on a given client port. */
    public static KafkaBrokerProcess start(Path dataDir, int port) throws IOException {
        try {
            return new KafkaBrokerProcess(BrokerProcess.start(
                    new BrokerProcess.Options(ProjectPaths.root(), dataDir, port, TEST_JVM, START_TIMEOUT)));
        } catch (BrokerProcess.StartFailure e) {
            throw new IllegalStateException("the test broker did not start: " + e.getMessage(), e);
        }
    }

    public String bootstrap() {
        return broker.bootstrap();
    }

    public int port() {
        return broker.port();
    }

    public Path dataDir() {
        return broker.dataDir();
    }

    public String logTail() {
        return broker.logTail();
    }

    /** Stops the broker like Ctrl-C does (clean shutdown), killing it if it takes longer than 30 s. */
    @Override
    public void close() {
        broker.close();
    }

    /** Kills the broker without a clean shutdown (crash tests). */
    public void kill() throws InterruptedException {
        broker.kill();
    }
}
