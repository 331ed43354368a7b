package io.ghactivity.bench.stream;

import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.contracts.cli.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity bench-stream-input}: writes the stream benchmark's input once, to a running broker and to JSON
 * files, for timing whole commands against it (scripts/bench-stream-commands.sh). Prints the topic names as
 * {@code KEY=VALUE} lines a shell can source.
 */
@Command(name = "gh-activity bench-stream-input", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate the stream benchmark's events into a topic of a running broker and into JSON files.")
public final class InputCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, description = "The running broker (gh-activity broker).")
    String bootstrap;

    @Option(names = "--json", required = true, description = "Directory for the JSON-lines copy of the events (must be new or empty).")
    Path json;

    @Option(names = "--events", defaultValue = "200000", description = "Events to generate (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    public static void main(String[] args) {
        System.exit(Cli.execute(new InputCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(json)) {
            try (var entries = Files.list(json)) {
                if (entries.findAny().isPresent()) {
                    throw new UserError("--json " + json + " is not empty: give a new directory");
                }
            }
        }
        BenchInput input = BenchInput.create(bootstrap, "bench" + System.currentTimeMillis(), partitions, events, json);
        String lines = "topic=" + input.topic() + "\ncontrol_topic=" + input.controlTopic() + "\nevents=" + input.events()
                + "\njson_bytes=" + input.bytes() + "\n";
        System.out.write(lines.getBytes(StandardCharsets.UTF_8));
        System.out.flush();
        System.err.printf("bench-stream-input: %,d events, %.1f MB of JSON in %s and topic %s%n",
                input.events(), input.bytes() / 1e6, json, input.topic());
        return Cli.EXIT_OK;
    }
}
