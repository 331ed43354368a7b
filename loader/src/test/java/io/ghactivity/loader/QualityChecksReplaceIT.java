package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gh-activity check} replaces an hour's {@code quality_checks} rows (delete, then one insert per check) in one
 * transaction, so no reader ever sees the hour without checks: a replace that fails after its delete leaves the
 * previous rows, where autocommit would have left none.
 */
class QualityChecksReplaceIT {
    @TempDir
    Path tmp;

    @Test
    void aReplaceThatFailsHalfwayKeepsThePreviousChecks() throws Exception {
        GhArchiveHour hour = GhArchiveHour.parse("2022-06-05T07");
        List<CheckResult> first = List.of(new CheckResult(QualityChecks.NO_DUPLICATE_IDS, true, "0 rows repeat an id"),
                new CheckResult(QualityChecks.ROWS_MATCH_MANIFEST, true, "loaded 5 rows, the manifest lists 5"));
        try (DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(tmp.resolve("w.duckdb")); Connection c = w.connect()) {
            QualityChecks.replace(c, hour, 1, first, "2022-06-05 09:00:00");
            assertThat(QualityChecks.stored(c, hour)).containsExactlyElementsOf(first);

            // The delete runs, then the first insert fails (checked_at is not a timestamp).
            assertThatThrownBy(() -> QualityChecks.replace(c, hour, 2, first, "not a timestamp")).isInstanceOf(SQLException.class);
            assertThat(QualityChecks.stored(c, hour)).containsExactlyElementsOf(first);
            assertThat(c.getAutoCommit()).isTrue();
        }
    }
}
