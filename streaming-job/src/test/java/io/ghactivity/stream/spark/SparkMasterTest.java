package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gh-activity stream} without {@code --master} keeps the master spark-submit chose (EMR Serverless, a cluster):
 * a default of {@code local[*]} would override it and run the whole job inside the driver.
 */
class SparkMasterTest {
    private final String before = System.getProperty("spark.master");

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("spark.master");
        } else {
            System.setProperty("spark.master", before);
        }
    }

    @Test
    void withoutMasterTheOneSparkSubmitSetIsKept() {
        System.setProperty("spark.master", "yarn");
        assertThat(SparkSessions.master(null)).isEqualTo("yarn");
    }

    @Test
    void withoutMasterOrSparkSubmitItRunsLocallyOnEveryCore() {
        System.clearProperty("spark.master");
        assertThat(SparkSessions.master(null)).isEqualTo("local[*]");
        assertThat(SparkSessions.master(" ")).isEqualTo("local[*]");
    }

    @Test
    void anExplicitMasterWins() {
        System.setProperty("spark.master", "yarn");
        assertThat(SparkSessions.master("local[2]")).isEqualTo("local[2]");
    }
}
