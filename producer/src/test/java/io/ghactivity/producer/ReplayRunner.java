package io.ghactivity.producer;

import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.testsupport.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Test helper: runs a replay in-process through the real command-line parsing, and reads results back. */
final class ReplayRunner {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private ReplayRunner() {
    }

    /** Parses {@code args} exactly as {@code gh-activity replay} would and runs the replay. */
    /**
     * Whether replays in this JVM must decode whole gzip files with libdeflate: on Java 17 and 22+, where the build
     * grants native access (pom profiles) and scripts/ensure-test-deps.sh installs the library. Java 18–21 use
     * java.util.zip.
     */
    static final boolean LIBDEFLATE_EXPECTED = io.ghactivity.producer.gunzip.Libdeflate.supportedJava();

    static ReplayTotals run(String... args) throws InterruptedException {
        return replay(args).run();
    }

    /** A replay's summary and everything it wrote to stderr. */
    record Captured(ReplayTotals summary, String stderr) {
    }

    static Captured runCapturing(String... args) throws InterruptedException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ReplayTotals summary = new Replay(config(args), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        System.err.print(err.toString(StandardCharsets.UTF_8)); // keep the replay's messages in the test log
        return new Captured(summary, err.toString(StandardCharsets.UTF_8));
    }

    /** {@code args} parsed exactly as {@code gh-activity replay} parses them. */
    private static ReplayConfig config(String... args) {
        ReplayCommand cmd = new ReplayCommand();
        Cli.commandLine(cmd).parseArgs(args);
        return cmd.config();
    }

    static Replay replay(String... args) {
        return new Replay(config(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String x) {
                System.err.println(x); // keep the replay's messages in the test log
            }
        });
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic) {
        return TopicReader.readAll(bootstrap, topic, READ_TIMEOUT);
    }

    /** DLQ records whose source file is one of {@code files}. */
    static List<ConsumerRecord<byte[], byte[]>> dlqOf(String bootstrap, List<String> files) {
        return read(bootstrap, Topics.DLQ).stream()
                .filter(r -> files.contains(header(r, Topics.HEADER_SOURCE_FILE))).collect(Collectors.toList());
    }

    static List<HourEndMarker> markersFor(String bootstrap, String topic) {
        List<HourEndMarker> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : read(bootstrap, Topics.CONTROL)) {
            HourEndMarker m = HourEndMarker.fromJson(r.value());
            if (m.topic().equals(topic)) {
                out.add(m);
            }
        }
        return out;
    }
}
