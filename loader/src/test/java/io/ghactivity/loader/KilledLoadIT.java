package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.RealSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loader process killed inside its transaction leaves the warehouse exactly as before (DuckDB WAL recovery). */
class KilledLoadIT {
    @TempDir
    Path tmp;

    @Test
    void aProcessKilledMidTransactionLeavesThePreviousStateIntact() throws Exception {
        Path lakeDir = tmp.resolve("lake");
        Map<GhArchiveHour, HourManifest> manifests = LakeFixture.write(lakeDir, RealSample.PINOT_2021_07_21.eventLines(), 2);
        Path db = tmp.resolve("w.duckdb");
        Map<String, List<String>> before;
        try (Lake lake = Lake.open(lakeDir.toString(), S3Options.AWS_DEFAULT); DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(db);
             Connection c = w.connect()) {
            new HourWatcher(new HourLoader(w, lake, LoadListener.NONE), w, lake).loadPending(r -> { });
            before = Snapshot.of(c);
        }
        GhArchiveHour victim = manifests.keySet().iterator().next();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", cp, KillMidLoad.class.getName(), lakeDir.toString(),
                db.toString(), victim.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(KillMidLoad.HALT_CODE);
        assertThat(Files.readString(log)).contains("halting inside the transaction of " + victim);
        try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(db); Connection c = w.connect()) {
            assertThat(Snapshot.of(c)).isEqualTo(before);
            assertThat(HourLoader.logged(c, victim)).isPresent();
        }
    }
}
