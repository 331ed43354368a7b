package io.ghactivity.bench.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.synthetic.SyntheticEvent;
import io.ghactivity.contracts.synthetic.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes benchmark lake hours from the shared synthetic model (June 2022 per-hour and per-type counts, long-tailed
 * actors and repos): one zstd Parquet file per hour in the contract's layout, plus its manifest. The raw payload is a
 * short placeholder: the loader never reads that column (projection), so its size does not change load cost.
 */
final class SyntheticLake {
    private final Path root;
    private final SyntheticModel model;

    SyntheticLake(Path root, SyntheticModel model) {
        this.root = root;
        this.model = model;
    }

    HourManifest writeHour(GhArchiveHour hour) throws IOException, SQLException {
        Path dir = Path.of(new LakeLayout(root.toString()).eventsPartition(hour));
        Files.createDirectories(dir);
        Path file = dir.resolve("part-00000.zstd.parquet");
        SyntheticModel.HourEvents events = model.hourEvents(hour);
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("CREATE TABLE t (id BIGINT, type VARCHAR, created_at TIMESTAMP, actor_id BIGINT, actor_login VARCHAR,"
                    + " repo_id BIGINT, repo_name VARCHAR, org_id BIGINT, org_login VARCHAR, \"public\" BOOLEAN, action VARCHAR,"
                    + " ref_type VARCHAR, push_size INTEGER, push_distinct_size INTEGER, pr_number INTEGER, pr_merged BOOLEAN,"
                    + " payload VARCHAR)");
            try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
                for (int i = 0; i < events.size(); i++) {
                    SyntheticEvent e = events.get(i);
                    boolean push = e.type().equals("PushEvent");
                    a.beginRow().append(e.id()).append(e.type())
                            .append(LocalDateTime.ofEpochSecond(e.createdAtSecond(), 0, ZoneOffset.UTC))
                            .append(e.actorId()).append(SyntheticModel.actorLogin(e.actorId()))
                            .append(e.repoId()).append(model.repoName(e.repoId(), e.orgId()))
                            .append(e.orgId() == 0 ? null : e.orgId())
                            .append(e.orgId() == 0 ? null : SyntheticModel.orgLogin(e.orgId()))
                            .append(true).append((String) null).append((String) null)
                            .append(push ? Integer.valueOf((int) (1 + (e.random() & 3))) : null)
                            .append(push ? Integer.valueOf((int) (1 + (e.random() & 3))) : null)
                            .append((Integer) null).append((Boolean) null).append("{}").endRow();
                }
            }
            st.execute("COPY (SELECT * REPLACE (CAST(created_at AS TIMESTAMPTZ) AS created_at) FROM t) TO '"
                    + file + "' (FORMAT PARQUET, COMPRESSION ZSTD)");
        }
        Instant start = hour.startInstant();
        HourManifest m = new HourManifest(HourManifest.FORMAT_VERSION, hour.toString(), 1,
                List.of(new HourManifest.DataFile(file.toString(), Files.size(file), events.size())), events.size(),
                start.toString(), hour.endInstant().minusSeconds(1).toString(), hour.endInstant().toString(),
                "bench-loader", Instant.now().toString());
        Path manifest = Path.of(new LakeLayout(root.toString()).manifest(hour));
        Files.createDirectories(manifest.getParent());
        Files.write(manifest, m.toJsonBytes());
        return m;
    }
}
