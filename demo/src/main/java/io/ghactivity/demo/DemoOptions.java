package io.ghactivity.demo;

import io.ghactivity.contracts.GhArchiveHour;
import java.time.Duration;

/**
 * What a demo run does, checked once at start-up.
 *
 * @param source        {@code synthetic}, {@code gharchive} or {@code dir:PATH} (passed to the replay)
 * @param from          first hour, inclusive
 * @param to            last hour, inclusive
 * @param scale         synthetic events per hour = real June 2022 count × scale
 * @param seed          synthetic seed
 * @param ghArchiveUrl  base URL for {@code --source gharchive}
 * @param workdir       all state
 * @param host          interface for the dashboard
 * @param port          dashboard port
 * @param brokerPort    broker client port (the controller uses the next one)
 * @param exitWhenDone  wait for every hour, print the summary, stop, exit
 * @param timeout       with {@code exitWhenDone}: give up after this long
 */
record DemoOptions(String source, GhArchiveHour from, GhArchiveHour to, double scale, long seed, String ghArchiveUrl,
                   Workdir workdir, String host, int port, int brokerPort, boolean exitWhenDone, Duration timeout) {

    DemoOptions {
        if (to.compareTo(from) < 0) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (!(source.equals("synthetic") || source.equals("gharchive") || source.startsWith("dir:"))) {
            throw new IllegalArgumentException("--source must be synthetic, gharchive or dir:PATH, not '" + source + "'");
        }
        if (scale <= 0) {
            throw new IllegalArgumentException("--scale must be positive");
        }
        if (port < 0 || port > 65535 || brokerPort < 1 || brokerPort > 65534) {
            throw new IllegalArgumentException("--port must be 0..65535 and --broker-port 1..65534");
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }
}
