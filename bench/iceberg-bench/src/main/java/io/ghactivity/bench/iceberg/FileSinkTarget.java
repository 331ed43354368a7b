package io.ghactivity.bench.iceberg;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.stream.core.CommittedFile;
import io.ghactivity.stream.core.LakeFs;
import io.ghactivity.stream.core.Manifests;
import io.ghactivity.stream.spark.FileSinkLog;
import io.ghactivity.stream.spark.StreamJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Today's way: the job's {@link FileSinkLog} (Spark's file sink and its {@code _spark_metadata} log) on events/. */
final class FileSinkTarget implements LakeSink {
    private final SparkSession spark;
    private final LakeLayout layout;
    private final FileSinkLog sink;
    private final JobEndClock clock;

    FileSinkTarget(SparkSession spark, Path lake, JobEndClock clock) {
        this.spark = spark;
        this.layout = new LakeLayout(lake.toString());
        this.sink = new FileSinkLog(spark, layout.events(), List.of(LakeLayout.PARTITION_DATE, LakeLayout.PARTITION_HOUR),
                StreamJob.EVENT_WRITER_OPTIONS);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "file sink + _spark_metadata log";
    }

    @Override
    public Write write(long batchId, Dataset<Row> rows) throws Exception {
        long t0 = System.currentTimeMillis();
        boolean committed = sink.latestBatchId() >= batchId;
        long t1 = System.currentTimeMillis();
        long jobs = clock.jobsEnded();
        sink.addBatch(batchId, rows); // a no-op for a committed id: the sink's own skip, as in the job
        long t2 = System.currentTimeMillis();
        if (committed) {
            return new Write(false, t1 - t0, 0, t2 - t1, 0, 0, -1);
        }
        long jobEnd = clock.lastJobEndAfter(jobs);
        List<CommittedFile> files = sink.batchFiles(batchId);
        return new Write(true, t1 - t0, jobEnd - t1, t2 - jobEnd, files.size(),
                files.stream().mapToLong(CommittedFile::size).sum(), -1);
    }

    /** As the job builds a manifest: the hour's files from the sink log, rows from each file's Parquet footer. */
    @Override
    public HourFiles filesOfHour(GhArchiveHour hour) {
        long t0 = System.nanoTime();
        Manifests footers = new Manifests(layout, new LakeFs(spark.sparkContext().hadoopConfiguration()));
        List<CommittedFile> files = sink.allFiles().stream().filter(f -> hour.equals(f.hour())).toList();
        long rows = files.stream().mapToLong(f -> footers.stats(f.path()).rows()).sum();
        return new HourFiles(files.size(), rows, (System.nanoTime() - t0) / 1e6);
    }

    /** Only the file list of the hour from the sink log, without row counts (a manifest needs both). */
    HourFiles filesOfHourWithoutRows(GhArchiveHour hour) {
        long t0 = System.nanoTime();
        List<CommittedFile> files = sink.allFiles().stream().filter(f -> hour.equals(f.hour())).toList();
        return new HourFiles(files.size(), -1, (System.nanoTime() - t0) / 1e6);
    }

    /** The hour with the most committed files: the costliest one to list. */
    GhArchiveHour busiestHour() {
        return sink.allFiles().stream().collect(Collectors.groupingBy(CommittedFile::hour, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue())
                .orElseThrow().getKey();
    }

    @Override
    public Footprint footprint() {
        Path events = Path.of(layout.events());
        Path log = Path.of(FileSinkLog.metadataDir(layout.events()));
        long[] data = Footprint.walk(events, p -> !p.startsWith(log));
        long[] meta = Footprint.walk(log, p -> true);
        return new Footprint(data[0], data[1], meta[0], meta[1]);
    }

    @Override
    public long rowsVisible() {
        return spark.read().parquet(layout.events()).count();
    }
}
