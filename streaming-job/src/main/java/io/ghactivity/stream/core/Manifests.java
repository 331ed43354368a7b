package io.ghactivity.stream.core;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Builds and writes the completion manifest of a closed hour from the events sink's commit log — never from a
 * directory listing, so files of failed attempts are never listed. Row counts and min/max {@code created_at} come from
 * each file's Parquet footer (no data is read); footers are cached because committed files never change.
 */
public final class Manifests {
    private final LakeLayout layout;
    private final LakeFs fs;
    private final Map<String, FileStats> footers = new ConcurrentHashMap<>();

    public Manifests(LakeLayout layout, LakeFs fs) {
        this.layout = layout;
        this.fs = fs;
    }

    /** Rows and created_at range of one committed Parquet file (micros since the epoch). */
    public record FileStats(long rows, long minMicros, long maxMicros) {
    }

    /** Writes the manifest of {@code hour} listing exactly {@code committed} files of that hour; returns it. */
    public HourManifest write(GhArchiveHour hour, int revision, List<CommittedFile> committed, Long watermarkMillis, String runId) {
        List<HourManifest.DataFile> files = new ArrayList<>();
        long rows = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        List<CommittedFile> sorted = committed.stream().sorted(Comparator.comparing(CommittedFile::path)).toList();
        for (CommittedFile f : sorted) {
            FileStats s = stats(f.path());
            files.add(new HourManifest.DataFile(f.path(), f.size(), s.rows()));
            rows += s.rows();
            if (s.rows() > 0) {
                min = Math.min(min, s.minMicros());
                max = Math.max(max, s.maxMicros());
            }
        }
        HourManifest m = new HourManifest(HourManifest.FORMAT_VERSION, hour.toString(), revision, files, rows,
                rows == 0 ? null : iso(min), rows == 0 ? null : iso(max),
                watermarkMillis == null ? null : Instant.ofEpochMilli(watermarkMillis).toString(), runId,
                Instant.now().toString());
        fs.writeAtomically(layout.manifest(hour), m.toJsonBytes());
        return m;
    }

    /** Rows per file, from the footer; also used for batch metrics. */
    public FileStats stats(String file) {
        return footers.computeIfAbsent(file, this::readFooter);
    }

    private FileStats readFooter(String file) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), fs.conf()))) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (BlockMetaData b : r.getFooter().getBlocks()) {
                for (ColumnChunkMetaData c : b.getColumns()) {
                    if (c.getPath().toDotString().equals("created_at")) {
                        Statistics<?> st = c.getStatistics();
                        if (st != null && st.hasNonNullValue()) {
                            min = Math.min(min, (Long) st.genericGetMin());
                            max = Math.max(max, (Long) st.genericGetMax());
                        }
                    }
                }
            }
            return new FileStats(r.getRecordCount(), min, max);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footer of committed file " + file, e);
        }
    }

    private static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L).toString();
    }
}
