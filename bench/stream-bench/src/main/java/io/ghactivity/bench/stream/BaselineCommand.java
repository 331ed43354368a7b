package io.ghactivity.bench.stream;

import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.stream.spark.SparkSessions;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gh-activity bench-stream-baseline}: the benchmark's plain Spark batch job (JSON files → lake columns as zstd
 * Parquet) as a command of its own, so it can be timed from start to exit against {@code gh-activity stream}
 * (scripts/bench-stream-commands.sh): JVM and Spark start-up included on both sides, same Spark settings.
 */
@Command(name = "gh-activity bench-stream-baseline", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the stream benchmark's baseline, a plain Spark JSON → Parquet batch job, as one command.")
public final class BaselineCommand implements Callable<Integer> {
    @Option(names = "--json", required = true, description = "Directory of JSON-lines event files (bench-stream-input writes one).")
    String json;

    @Option(names = "--out", required = true, description = "Output directory, replaced (Parquet partitioned by dt/hr).")
    String out;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting, repeatable, as for gh-activity stream.")
    Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(Cli.execute(new BaselineCommand(), args));
    }

    @Override
    public Integer call() {
        // The stream's own session settings (zstd, TIMESTAMP_MICROS, UTC, shuffle partitions = cores), so the two
        // commands differ only in what they do.
        SparkSession spark = SparkSessions.create(master, sparkConf);
        try {
            spark.sparkContext().setLogLevel("WARN");
            BaselineJob.run(spark, json, out);
            return Cli.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
