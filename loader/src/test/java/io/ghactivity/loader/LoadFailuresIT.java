package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.Marts;
import io.ghactivity.contracts.cli.Cli;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.LakeRow;
import io.ghactivity.testsupport.RealSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad lakes: each fails with a clear message and exit code, and loads nothing. Also the CLI contract. */
class LoadFailuresIT {
    @TempDir
    Path tmp;

    private Map<GhArchiveHour, List<LakeRow>> pinot() {
        return LakeFixture.rowsByHour(RealSample.PINOT_2021_07_21.eventLines());
    }

    @Test
    void missingManifestFailsWithExitCode4NamingTheExpectedPath() throws Exception {
        Path lake = tmp.resolve("lake");
        GhArchiveHour hour = GhArchiveHour.parse("2022-06-05T07");
        CliResult r = run("load", "--lake", lake.toString(), "--warehouse", "duckdb:" + tmp.resolve("w.duckdb"), "--hour", hour.toString());
        assertThat(r.code()).isEqualTo(LoadFailure.NO_MANIFEST);
        assertThat(r.err()).contains("no manifest for 2022-06-05T07").contains(new LakeLayout(lake.toString()).manifest(hour));
        assertNothingLoaded();
    }

    @Test
    void corruptManifestFailsAndLoadsNothing() throws Exception {
        Map.Entry<GhArchiveHour, List<LakeRow>> e = pinot().entrySet().iterator().next();
        Path lake = tmp.resolve("lake");
        HourManifest m = LakeFixture.writeHour(lake, e.getKey(), e.getValue(), 1, 1);
        Path path = Path.of(new LakeLayout(lake.toString()).manifest(m.ghArchiveHour()));
        byte[] json = Files.readAllBytes(path);
        Files.write(path, java.util.Arrays.copyOf(json, json.length / 2)); // half-written
        CliResult r = run("load", "--lake", lake.toString(), "--warehouse", "duckdb:" + tmp.resolve("w.duckdb"), "--hour", m.hour());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("corrupt manifest").contains("not valid JSON");
        assertNothingLoaded();
    }

    @Test
    void manifestListingAMissingFileFailsAndLoadsNothing() throws Exception {
        Map.Entry<GhArchiveHour, List<LakeRow>> e = pinot().entrySet().iterator().next();
        Path lake = tmp.resolve("lake");
        HourManifest m = LakeFixture.writeHour(lake, e.getKey(), e.getValue(), 2, 1);
        Files.delete(Path.of(m.files().get(1).path()));
        CliResult r = run("load", "--lake", lake.toString(), "--warehouse", "duckdb:" + tmp.resolve("w.duckdb"), "--hour", m.hour());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(m.files().get(1).path()).contains("does not exist").contains("nothing was loaded");
        assertNothingLoaded();
    }

    @Test
    void manifestWhoseRowsDisagreeFailsTheQualityCheckLoudlyAndIsRecorded() throws Exception {
        Map.Entry<GhArchiveHour, List<LakeRow>> e = pinot().entrySet().iterator().next();
        Path lake = tmp.resolve("lake");
        HourManifest m = LakeFixture.writeHour(lake, e.getKey(), e.getValue(), 1, 1);
        HourManifest.DataFile f = m.files().get(0);
        HourManifest lying = new HourManifest(m.formatVersion(), m.hour(), 2, List.of(new HourManifest.DataFile(f.path(),
                f.bytes(), f.rows() + 5)), m.rows() + 5, m.minCreatedAt(), m.maxCreatedAt(), m.watermark(), "test", m.writtenAt());
        LakeFixture.writeManifest(lake, lying);
        CliResult r = run("load", "--lake", lake.toString(), "--warehouse", "duckdb:" + tmp.resolve("w.duckdb"), "--hour", m.hour());
        assertThat(r.code()).isEqualTo(LoadFailure.QUALITY_CHECK_FAILED);
        assertThat(r.err()).contains("quality check failed").contains(QualityChecks.ROWS_MATCH_MANIFEST)
                .contains("loaded " + m.rows() + " rows, the manifest lists " + (m.rows() + 5));
        assertThat(r.out()).contains("\"status\":\"failed\"").doesNotContain("\"status\":\"loaded\"");
        try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("w.duckdb")); Connection c = w.connect()) {
            assertThat(Snapshot.rows(c, "SELECT check_name, passed, revision FROM " + Marts.QUALITY_CHECKS + " WHERE NOT passed"))
                    .containsExactly(QualityChecks.ROWS_MATCH_MANIFEST + "|false|2|");
            assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.FACT_EVENTS)).containsExactly("0|");
            assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.LOAD_LOG)).containsExactly("0|");
        }
    }

    @Test
    void rowsOutsideTheirHourFailTheCreatedAtCheck() throws Exception {
        List<Map.Entry<GhArchiveHour, List<LakeRow>>> hours = new ArrayList<>(pinot().entrySet());
        Path lake = tmp.resolve("lake");
        List<LakeRow> mixed = new ArrayList<>(hours.get(0).getValue());
        mixed.addAll(hours.get(1).getValue().subList(0, 3));
        HourManifest m = LakeFixture.writeHour(lake, hours.get(0).getKey(), mixed, 1, 1);
        CliResult r = run("load", "--lake", lake.toString(), "--warehouse", "duckdb:" + tmp.resolve("w.duckdb"), "--pending");
        assertThat(r.code()).isEqualTo(LoadFailure.QUALITY_CHECK_FAILED);
        assertThat(r.err()).contains(QualityChecks.CREATED_AT_IN_HOUR).contains("3 rows have created_at outside " + m.hour());
    }

    @Test
    void cliLoadsPrintsOneJsonLinePerHourAndSkipsAnUnchangedHour() throws Exception {
        Path lake = tmp.resolve("lake");
        Map<GhArchiveHour, HourManifest> ms = LakeFixture.write(lake, RealSample.PINOT_2021_07_21.eventLines(), 2);
        String wh = "duckdb:" + tmp.resolve("w.duckdb");
        CliResult all = run("load", "--lake", lake.toString(), "--warehouse", wh, "--pending");
        assertThat(all.code()).isZero();
        assertThat(all.out().lines().toList()).hasSize(ms.size()).allMatch(l -> l.contains("\"status\":\"loaded\""));
        GhArchiveHour first = ms.keySet().iterator().next();
        CliResult again = run("load", "--lake", lake.toString(), "--warehouse", wh, "--hour", first.toString());
        assertThat(again.out().strip()).startsWith("{\"hour\":\"" + first + "\",\"rows\":" + ms.get(first).rows()
                + ",\"revision\":1,").endsWith("\"status\":\"skipped\"}");
        assertThat(run("load", "--lake", lake.toString(), "--warehouse", wh, "--hour", first.toString(), "--force").out())
                .contains("\"status\":\"loaded\"");
        CliResult check = run("check", "--warehouse", wh, "--hour", first.toString());
        assertThat(check.code()).isZero();
        assertThat(check.out().lines().toList()).hasSize(4).allMatch(l -> l.contains("\"passed\":true"));
        assertThat(run("load", "--lake", lake.toString(), "--warehouse", wh, "--pending").out()).isEmpty();
    }

    private void assertNothingLoaded() throws Exception {
        try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("w.duckdb")); Connection c = w.connect()) {
            assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.FACT_EVENTS)).containsExactly("0|");
            assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.LOAD_LOG)).containsExactly("0|");
            assertThat(Snapshot.rows(c, "SELECT COUNT(*) FROM " + Marts.HOURLY_TOTALS)).containsExactly("0|");
        }
    }

    /** Runs a command in-process, capturing stdout and stderr. */
    static CliResult run(String command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            var cl = Cli.commandLine(command.equals("load") ? new LoadCommand() : new CheckCommand());
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}

/** Exit code and captured output of one in-process command run. */
record CliResult(int code, String out, String err) {
}
