package io.ghactivity.contracts.cli;

/**
 * A failure the user can act on (bad flag, unreachable broker, missing manifest). {@link Cli} prints its message alone —
 * no stack trace — and exits with {@link #exitCode()}.
 */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) {
        this(message, 1, null);
    }

    public UserError(String message, Throwable cause) {
        this(message, 1, cause);
    }

    public UserError(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
