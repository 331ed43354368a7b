package io.ghactivity.bench.iceberg;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Splits a write into its Spark job and what the driver does after it (the commit), the same way for both sinks: the
 * job's end time is the scheduler's (epoch millis, {@code SparkListenerJobEnd.time}), so a write that returns at
 * {@code t} committed for {@code t − job end}. Listener events arrive asynchronously; {@link #lastJobEndAfter} waits.
 */
final class JobEndClock extends SparkListener {
    private long jobsEnded;
    private long lastJobEndMillis;

    static JobEndClock install(SparkSession spark) {
        JobEndClock clock = new JobEndClock();
        spark.sparkContext().addSparkListener(clock);
        return clock;
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        jobsEnded++;
        lastJobEndMillis = Math.max(lastJobEndMillis, end.time());
        notifyAll();
    }

    synchronized long jobsEnded() {
        return jobsEnded;
    }

    /** End time of the last job once more than {@code before} jobs have ended (waits up to 10 s), else -1. */
    synchronized long lastJobEndAfter(long before) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (jobsEnded <= before && System.currentTimeMillis() < deadline) {
            wait(100);
        }
        return jobsEnded > before ? lastJobEndMillis : -1;
    }
}
