package io.ghactivity.stream.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one Spark session of a test JVM (starting one costs seconds and ~0.5 GB): local[2], UTC, no UI. */
final class SparkTestSession {
    private static SparkSession spark;

    private SparkTestSession() {
    }

    static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSessions.create("local[2]", Map.of(
                    "spark.sql.shuffle.partitions", "2",
                    "spark.ui.enabled", "false",
                    "spark.driver.memory", "2g"));
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }
}
