package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import java.nio.file.Path;

/**
 * Test helper process: force-reloads an hour and halts the JVM (no shutdown hooks, no rollback, no close) right after
 * the hour's facts were deleted and re-inserted — a crash in the middle of the load transaction.
 * Args: LAKE_DIR WAREHOUSE_FILE HOUR.
 */
public final class KillMidLoad {
    public static final int HALT_CODE = 137;

    private KillMidLoad() {
    }

    public static void main(String[] args) throws Exception {
        DuckDbWarehouseWriter w = DuckDbWarehouseWriter.open(Path.of(args[1]));
        Lake lake = Lake.open(args[0], S3Options.AWS_DEFAULT);
        new HourLoader(w, lake, (hour, step, s) -> {
            if (step == LoadListener.Step.FACT_REPLACED) {
                System.err.println("KillMidLoad: halting inside the transaction of " + hour);
                Runtime.getRuntime().halt(HALT_CODE);
            }
        }).load(GhArchiveHour.parse(args[2]), true);
        System.exit(1); // unreachable when the listener fires
    }
}
