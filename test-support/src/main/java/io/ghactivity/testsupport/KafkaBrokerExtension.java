package io.ghactivity.testsupport;

import io.ghactivity.contracts.local.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real broker ({@link KafkaBrokerProcess}) for a whole test class, in a temp dir removed afterwards:
 * {@code @RegisterExtension static final KafkaBrokerExtension broker = new KafkaBrokerExtension();} then
 * {@code broker.bootstrap()}. Starting a broker costs seconds, so classes share one and keep topics apart by name.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private KafkaBrokerProcess process;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("gh-test-broker-");
        process = KafkaBrokerProcess.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (process != null) {
            process.close();
        }
        if (dir != null) {
            LocalFiles.deleteTree(dir);
        }
    }

    public String bootstrap() {
        if (process == null) {
            throw new IllegalStateException("the broker starts in @BeforeAll: register the extension on a static field");
        }
        return process.bootstrap();
    }

    public KafkaBrokerProcess process() {
        return process;
    }
}
