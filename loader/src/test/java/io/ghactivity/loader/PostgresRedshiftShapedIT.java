package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeSchema;
import io.ghactivity.contracts.Marts;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.PostgresServer;
import io.ghactivity.testsupport.RealSample;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift dialect's SQL (DDL minus Redshift-only clauses, the whole load transaction, gaps and marts) on a real
 * PostgreSQL server, compared row for row with DuckDB loading the same lake. Only COPY is replaced: the stager below
 * reads the manifest's Parquet files and inserts the rows into the same staging table COPY would fill.
 */
class PostgresRedshiftShapedIT {
    @TempDir
    static Path tmp;
    static PostgresServer pg;
    static Lake lake;
    static Map<GhArchiveHour, HourManifest> manifests;
    static Map<String, List<String>> duckDb;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        manifests = LakeFixture.write(tmp.resolve("lake"), RealSample.PINOT_2021_07_21.eventLines(), 2);
        manifests.putAll(LakeFixture.write(tmp.resolve("lake"), RealSample.GHMAP_JULIA.eventLines(), 1));
        lake = Lake.open(tmp.resolve("lake").toString(), S3Options.AWS_DEFAULT);
        try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("ref.duckdb")); Connection c = w.connect()) {
            new HourWatcher(new HourLoader(w, lake, LoadListener.NONE), w, lake).loadPending(r -> { });
            duckDb = Snapshot.of(c);
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    static JdbcWarehouse warehouse(String url) {
        return new JdbcWarehouse(url, pg.user(), null, RedshiftDialect.postgresCompatible(), PostgresRedshiftShapedIT::stageRows);
    }

    /** Stands in for COPY: the listed files' rows, all lake columns in lake order, into stage_events. */
    static void stageRows(Connection c, HourManifest m, Lake lake) throws Exception {
        String cols = LakeSchema.names().stream().map(WarehouseSchema::quote).collect(Collectors.joining(", "));
        String marks = LakeSchema.names().stream().map(n -> "?").collect(Collectors.joining(", "));
        try (Lake.HourFiles files = lake.localFiles(m); Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             PreparedStatement ins = c.prepareStatement("INSERT INTO " + HourSql.STAGE + " (" + cols + ") VALUES (" + marks + ")")) {
            st.execute("SET TimeZone = 'UTC'");
            for (Path p : files.paths()) {
                try (ResultSet rs = st.executeQuery("SELECT * REPLACE (CAST(created_at AS TIMESTAMP) AS created_at) FROM read_parquet('" + p + "')")) {
                    while (rs.next()) {
                        for (int i = 1; i <= LakeSchema.COLUMNS.size(); i++) {
                            ins.setObject(i, rs.getObject(i));
                        }
                        ins.addBatch();
                    }
                }
            }
            ins.executeBatch();
        }
    }

    @Test
    void theRedshiftShapedLoadOnPostgresEqualsDuckDbRowForRow() throws Exception {
        try (JdbcWarehouse w = warehouse(pg.jdbcUrl() + "?currentSchema=in_order")) {
            createSchema("in_order");
            w.ensureSchema();
            List<LoadResult> results = new HourWatcher(new HourLoader(w, lake, LoadListener.NONE), w, lake).loadPending(r -> { });
            assertThat(results).hasSize(manifests.size()).allMatch(r -> r.status() == LoadResult.Status.LOADED);
            try (Connection c = w.connect()) {
                assertThat(Snapshot.of(c)).isEqualTo(duckDb);
            }
        }
    }

    @Test
    void outOfOrderForcedReloadsAndAnInterruptedLoadKeepPostgresEqualToDuckDb() throws Exception {
        try (JdbcWarehouse w = warehouse(pg.jdbcUrl() + "?currentSchema=shuffled")) {
            createSchema("shuffled");
            w.ensureSchema();
            List<GhArchiveHour> hours = new ArrayList<>(manifests.keySet());
            Collections.shuffle(hours, new Random(3));
            HourLoader loader = new HourLoader(w, lake, LoadListener.NONE);
            for (GhArchiveHour h : hours) {
                loader.load(h, false);
            }
            for (GhArchiveHour h : hours) {
                assertThat(loader.load(h, true).status()).isEqualTo(LoadResult.Status.LOADED);
            }
            HourLoader crashing = new HourLoader(w, lake, (h, step, s) -> {
                if (step == LoadListener.Step.MARTS_REFRESHED) {
                    throw new IllegalStateException("injected crash before commit");
                }
            });
            assertThatThrownBy(() -> crashing.load(hours.get(0), true)).isInstanceOf(LoadFailure.class)
                    .hasMessageContaining("rolled back");
            try (Connection c = w.connect()) {
                assertThat(Snapshot.of(c)).isEqualTo(duckDb);
                assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.LOAD_LOG)).containsExactly(manifests.size() + "|");
            }
        }
    }

    /**
     * The Redshift driver does not connect to a stock PostgreSQL: it sends the startup parameter driver_version,
     * which PostgreSQL refuses. Pinned here so the day it connects, this test fails and the driver gets tested too.
     */
    @Test
    void theRedshiftJdbcDriverIsRefusedByStockPostgresSoTheSqlIsTestedThroughPgJdbc() {
        String url = "jdbc:redshift://127.0.0.1:" + pg.port() + "/postgres?ssl=false";
        assertThatThrownBy(() -> DriverManager.getConnection(url, pg.user(), "").close())
                .hasMessageContaining("unrecognized configuration parameter \"driver_version\"");
    }

    private static void createSchema(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + name);
        }
    }
}
