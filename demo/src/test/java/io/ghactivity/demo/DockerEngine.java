package io.ghactivity.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class only where a Docker engine answers; elsewhere JUnit reports it skipped with the reason
 * Testcontainers gives and what it looked for, so a skipped container test never passes for a run one.
 *
 * <p>Asking is cheap and offline without an engine: Testcontainers only tries local sockets and environment settings,
 * and pulls nothing (its reaper container, Ryuk, starts only after an engine answered).
 */
final class DockerEngine implements ExecutionCondition {
    /** One answer per test JVM: Testcontainers caches a failed lookup too, and the reason must not change mid-run. */
    private static ConditionEvaluationResult answer;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return check();
    }

    private static synchronized ConditionEvaluationResult check() {
        if (answer == null) {
            long started = System.nanoTime();
            try {
                DockerClientFactory factory = DockerClientFactory.instance();
                factory.client();
                answer = ConditionEvaluationResult.enabled("a Docker engine answers at " + factory.getTransportConfig().getDockerHost());
            } catch (IllegalStateException none) { // what Testcontainers throws when no configuration reaches an engine
                answer = ConditionEvaluationResult.disabled("no Docker engine answers: " + reason(none) + " (" + whereLooked() + ")");
                // Surefire/Failsafe keep the reason in the XML report; this puts it in the build output too.
                System.err.printf("SKIPPED: %s [asked in %d ms]%n", answer.getReason().orElseThrow(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        }
        return answer;
    }

    private static String reason(Throwable t) {
        StringBuilder s = new StringBuilder("Testcontainers: ").append(t.getMessage());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            s.append("; caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return s.toString();
    }

    /** Where an engine would have been found: DOCKER_HOST, or the default socket and whether it exists. */
    private static String whereLooked() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return "DOCKER_HOST=" + dockerHost;
        }
        Path socket = Path.of("/var/run/docker.sock");
        return "DOCKER_HOST unset; " + socket + (Files.exists(socket) ? " exists but no engine answers on it" : " does not exist");
    }
}
