package io.ghactivity.contracts.local;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the child processes the project starts (broker, S3 server, the demo's commands) the same way everywhere. */
public final class Processes {
    private Processes() {
    }

    /** Asks the process to stop like Ctrl-C does (clean shutdown), and kills it if that takes longer than {@code grace}. */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Removes a shutdown hook added for a process that is now stopped; while the JVM exits the hook just runs. */
    public static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook runs anyway
        }
    }
}
