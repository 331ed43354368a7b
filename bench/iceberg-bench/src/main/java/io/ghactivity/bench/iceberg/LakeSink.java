package io.ghactivity.bench.iceberg;

import io.ghactivity.contracts.GhArchiveHour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** One way of committing a micro-batch's lake rows, measured the same way for each ({@link IcebergBenchmark}). */
interface LakeSink {
    String name();

    /** Commits the batch unless its id is already committed. */
    Write write(long batchId, Dataset<Row> rows) throws Exception;

    /** The data files of {@code hour} at the newest commit, with their rows: what a completion manifest needs. */
    HourFiles filesOfHour(GhArchiveHour hour);

    Footprint footprint();

    /** Rows a Spark reader of the lake sees now. */
    long rowsVisible();

    /**
     * @param appended     false when the batch id was already committed (skipped)
     * @param checkMillis  finding out whether the batch id is committed
     * @param jobMillis    the Spark job that writes the data files
     * @param commitMillis from the job's end to the write's return: the commit on the driver
     * @param files        data files the batch added
     * @param bytes        their bytes
     * @param reportedCommitMillis the commit's duration as the format itself reports it (Iceberg's CommitReport), or -1
     */
    record Write(boolean appended, long checkMillis, long jobMillis, long commitMillis, int files, long bytes,
                 long reportedCommitMillis) {
    }

    record HourFiles(int files, long rows, double millis) {
    }

    record Footprint(long dataFiles, long dataBytes, long metadataFiles, long metadataBytes) {
        /** Files (not .crc checksums) under {@code dir} that {@code which} accepts: count and bytes. */
        static long[] walk(Path dir, Predicate<Path> which) {
            if (!Files.isDirectory(dir)) {
                return new long[] {0, 0};
            }
            try (Stream<Path> s = Files.walk(dir)) {
                long[] out = {0, 0};
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc")).filter(which)
                        .forEach(p -> {
                            out[0]++;
                            out[1] += p.toFile().length();
                        });
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
