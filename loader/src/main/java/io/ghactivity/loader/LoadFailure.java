package io.ghactivity.loader;

import io.ghactivity.contracts.cli.UserError;

/** A load that cannot or must not proceed, with the exit code the CLI contract gives it. */
public class LoadFailure extends UserError {
    /** Exit code: a quality check failed (the message names it). */
    public static final int QUALITY_CHECK_FAILED = 3;
    /** Exit code: the hour has no manifest (the message names the expected path). */
    public static final int NO_MANIFEST = 4;

    public LoadFailure(String message, int exitCode) {
        super(message, exitCode, null);
    }

    public LoadFailure(String message, Throwable cause) {
        super(message, 1, cause);
    }

    public static LoadFailure of(String message) {
        return new LoadFailure(message, 1);
    }
}
