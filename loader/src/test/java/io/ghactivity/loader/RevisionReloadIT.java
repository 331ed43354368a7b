package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.LakeRow;
import io.ghactivity.testsupport.RealSample;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An hour re-closed with a new revision (late rows added, or rows gone) replaces the old one exactly: the warehouse
 * ends up identical to one that only ever saw the final revisions — the gaps of entities that appear in or vanish
 * from a middle hour are split and merged correctly.
 */
class RevisionReloadIT {
    @TempDir
    Path tmp;

    @Test
    void newRevisionsOfMiddleHoursGiveTheSameWarehouseAsLoadingTheFinalLakeOnce() throws Exception {
        List<byte[]> lines = Stream.of(RealSample.PINOT_2021_07_21, RealSample.QUICKWIT_BULK)
                .flatMap(s -> s.eventLines().stream()).toList();
        Map<GhArchiveHour, List<LakeRow>> rows = LakeFixture.rowsByHour(lines);
        List<GhArchiveHour> hours = new ArrayList<>(rows.keySet());
        GhArchiveHour grows = hours.get(1);   // first closed with half its rows, late rows arrive in revision 2
        GhArchiveHour shrinks = hours.get(2); // first closed with all rows plus another hour's, corrected in revision 2
        Path lake = tmp.resolve("lake");
        for (GhArchiveHour h : hours) {
            List<LakeRow> r = rows.get(h);
            if (h.equals(grows)) {
                r = r.subList(0, r.size() / 2);
            }
            LakeFixture.writeHour(lake, h, r, 2, 1);
        }
        try (Lake l = Lake.open(lake.toString(), S3Options.AWS_DEFAULT);
             DuckDbWarehouseWriter incremental = DuckDbWarehouseWriter.open(tmp.resolve("incremental.duckdb"));
             DuckDbWarehouseWriter once = DuckDbWarehouseWriter.open(tmp.resolve("once.duckdb"));
             Connection a = incremental.connect(); Connection b = once.connect()) {
            HourWatcher watcher = new HourWatcher(new HourLoader(incremental, l, LoadListener.NONE), incremental, l);
            assertThat(watcher.loadPending(r -> { })).hasSize(hours.size());
            LakeFixture.writeHour(lake, grows, rows.get(grows), 2, 2);
            LakeFixture.writeHour(lake, shrinks, rows.get(shrinks).subList(0, rows.get(shrinks).size() / 3), 1, 2);
            assertThat(watcher.pending()).containsExactly(grows, shrinks);
            assertThat(watcher.loadPending(r -> { })).extracting(LoadResult::revision).containsExactly(2, 2);
            new HourWatcher(new HourLoader(once, l, LoadListener.NONE), once, l).loadPending(r -> { });
            Snapshot.assertSame(a, b);
            assertThat(Snapshot.rows(a, "SELECT revision FROM load_log WHERE event_hour = " + HourSql.timestamp(shrinks)))
                    .containsExactly("2|");
        }
    }
}
