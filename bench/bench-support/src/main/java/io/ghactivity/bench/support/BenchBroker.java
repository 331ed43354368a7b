package io.ghactivity.bench.support;

import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.contracts.local.BrokerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The broker a benchmark starts when it is not given one: the project's own, in a child JVM, on a free port. */
public final class BenchBroker {
    /** Large enough that the broker's heap is not what is measured. */
    private static final List<String> JVM = List.of("-Xmx1g");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private BenchBroker() {
    }

    /** A broker for one benchmark run, or a {@link UserError} that says why not (and that --bootstrap avoids it). */
    public static BrokerProcess start(Path projectRoot, Path dataDir) {
        try {
            return BrokerProcess.start(new BrokerProcess.Options(projectRoot, dataDir, 0, JVM, START_TIMEOUT));
        } catch (IOException e) {
            throw new UserError(e.getMessage() + "\n(or pass --bootstrap to use a running broker)", e);
        }
    }
}
