package io.ghactivity.testsupport;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes a contract-conformant lake without Spark: Parquet (zstd, created_at as UTC TIMESTAMP_MICROS) per
 * {@link io.ghactivity.contracts.LakeSchema}, partition dirs per {@link LakeLayout}, and an {@link HourManifest} per
 * hour written with the contracts class. Like the streaming job it keeps valid events only, one row per id (first
 * wins), partitioned by the hour of {@code created_at}.
 *
 * <p>{@code LakeFixture.write(root, RealSample.PINOT_2021_07_21.eventLines(), 2)} → manifests by hour.
 */
public final class LakeFixture {
    private LakeFixture() {
    }

    /** Valid, de-duplicated rows of the lines, grouped by hour in time order. */
    public static Map<GhArchiveHour, List<LakeRow>> rowsByHour(List<byte[]> lines) {
        Map<GhArchiveHour, List<LakeRow>> byHour = new TreeMap<>();
        Set<Long> seen = new HashSet<>();
        for (byte[] line : lines) {
            LakeRow r = LakeRow.parse(line);
            if (r != null && seen.add(r.id())) {
                byHour.computeIfAbsent(GhArchiveHour.containing(r.createdAt()), h -> new ArrayList<>()).add(r);
            }
        }
        return byHour;
    }

    /** Writes every hour of the lines with up to {@code filesPerHour} files each; returns the manifests. */
    public static Map<GhArchiveHour, HourManifest> write(Path root, List<byte[]> lines, int filesPerHour) throws IOException {
        Map<GhArchiveHour, HourManifest> out = new TreeMap<>();
        for (Map.Entry<GhArchiveHour, List<LakeRow>> e : rowsByHour(lines).entrySet()) {
            out.put(e.getKey(), writeHour(root, e.getKey(), e.getValue(), filesPerHour, 1));
        }
        return out;
    }

    /** Writes one hour's rows as Parquet files plus its manifest (revision {@code revision}). */
    public static HourManifest writeHour(Path root, GhArchiveHour hour, List<LakeRow> rows, int files, int revision)
            throws IOException {
        Path partition = Path.of(new LakeLayout(root.toString()).eventsPartition(hour));
        Files.createDirectories(partition);
        int n = Math.max(1, Math.min(files, rows.size()));
        List<HourManifest.DataFile> dataFiles = new ArrayList<>();
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = c.createStatement()) {
                st.execute("SET TimeZone = 'UTC'");
                st.execute("CREATE TABLE t (id BIGINT, type VARCHAR, created_at TIMESTAMP, actor_id BIGINT, actor_login VARCHAR,"
                        + " repo_id BIGINT, repo_name VARCHAR, org_id BIGINT, org_login VARCHAR, \"public\" BOOLEAN,"
                        + " action VARCHAR, ref_type VARCHAR, push_size INTEGER, push_distinct_size INTEGER,"
                        + " pr_number INTEGER, pr_merged BOOLEAN, payload VARCHAR, part INTEGER)");
            }
            append(c, rows, n);
            for (int part = 0; part < n; part++) {
                Path file = partition.resolve(String.format("part-%05d-rev%d.zstd.parquet", part, revision));
                long count = copyPart(c, part, file);
                dataFiles.add(new HourManifest.DataFile(file.toString(), Files.size(file), count));
            }
        } catch (SQLException e) {
            throw new IOException("cannot write the lake hour " + hour + ": " + e.getMessage(), e);
        }
        Instant min = rows.stream().map(LakeRow::createdAt).min(Instant::compareTo).orElse(hour.startInstant());
        Instant max = rows.stream().map(LakeRow::createdAt).max(Instant::compareTo).orElse(hour.startInstant());
        HourManifest m = new HourManifest(HourManifest.FORMAT_VERSION, hour.toString(), revision, dataFiles, rows.size(),
                min.toString(), max.toString(), hour.endInstant().toString(), "lake-fixture", Instant.now().toString());
        writeManifest(root, m);
        return m;
    }

    /** Writes (or overwrites) a manifest where the layout says it lives. */
    public static Path writeManifest(Path root, HourManifest m) throws IOException {
        Path p = Path.of(new LakeLayout(root.toString()).manifest(m.ghArchiveHour()));
        Files.createDirectories(p.getParent());
        Files.write(p, m.toJsonBytes());
        return p;
    }

    private static void append(DuckDBConnection c, List<LakeRow> rows, int parts) throws SQLException {
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
            int i = 0;
            for (LakeRow r : rows) {
                a.beginRow().append(r.id()).append(r.type()).append(LocalDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC))
                        .append(r.actorId()).append(r.actorLogin()).append(r.repoId()).append(r.repoName())
                        .append(r.orgId()).append(r.orgLogin()).append(r.isPublic()).append(r.action()).append(r.refType())
                        .append(r.pushSize()).append(r.pushDistinctSize()).append(r.prNumber()).append(r.prMerged())
                        .append(r.payload()).append(i++ % parts).endRow();
            }
        }
    }

    private static long copyPart(Connection c, int part, Path file) throws SQLException {
        try (Statement st = c.createStatement()) {
            // TIMESTAMPTZ makes DuckDB write TIMESTAMP_MICROS with isAdjustedToUTC=true, as Spark does.
            st.execute("COPY (SELECT id, type, CAST(created_at AS TIMESTAMPTZ) AS created_at, actor_id, actor_login, repo_id,"
                    + " repo_name, org_id, org_login, \"public\", action, ref_type, push_size, push_distinct_size, pr_number,"
                    + " pr_merged, payload FROM t WHERE part = " + part + " ORDER BY created_at, id) TO '"
                    + file.toString().replace("'", "''") + "' (FORMAT PARQUET, COMPRESSION ZSTD)");
            try (var rs = st.executeQuery("SELECT count(*) FROM t WHERE part = " + part)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
