package io.ghactivity.demo;

import io.ghactivity.contracts.cli.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything a demo run keeps, in one directory: reusing it resumes (the broker keeps its topics, the stream its
 * checkpoint, the replay its delivered hours, the loader its load log).
 *
 * <pre>
 * DIR/lake/               the lake (events/, _manifests/, _checkpoints/ …, see LakeLayout)
 * DIR/warehouse.duckdb    the warehouse
 * DIR/broker/             Kafka data
 * DIR/replay-state/       the replay's crash-safety state
 * DIR/logs/               one log per child process
 * DIR/run/                the running demo's lock and its children's PIDs (a run after a kill -9 stops leftovers)
 * DIR/WORKDIR_VERSION     the workdir format, so a newer or older build refuses it instead of misreading it
 * </pre>
 */
public record Workdir(Path root) {
    /** Bump when the layout or any stored format changes incompatibly. */
    static final String FORMAT = "gh-activity-workdir 1";

    public Path lake() {
        return root.resolve("lake");
    }

    public Path warehouse() {
        return root.resolve("warehouse.duckdb");
    }

    public Path broker() {
        return root.resolve("broker");
    }

    public Path replayState() {
        return root.resolve("replay-state");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path run() {
        return root.resolve("run");
    }

    /** Creates the directory on first use; refuses one written by an incompatible version. */
    public Workdir prepare() {
        Path stamp = root.resolve("WORKDIR_VERSION");
        try {
            if (Files.exists(stamp)) {
                String found = Files.readString(stamp, StandardCharsets.UTF_8).trim();
                if (!found.equals(FORMAT)) {
                    throw new UserError("the workdir " + root + " was written by another version of gh-activity ('" + found
                            + "', this one uses '" + FORMAT + "'): pass a new --workdir, or delete that directory to start over");
                }
            } else if (Files.isDirectory(root) && Files.list(root).findAny().isPresent()) {
                throw new UserError("the workdir " + root + " is not empty and is not a gh-activity workdir: pass an empty or new --workdir");
            } else {
                Files.createDirectories(root);
                Files.writeString(stamp, FORMAT + "\n", StandardCharsets.UTF_8);
            }
            Files.createDirectories(logs());
            Files.createDirectories(run());
            return this;
        } catch (IOException e) {
            throw new UserError("cannot use the workdir " + root + ": " + e.getMessage(), e);
        }
    }
}
