package io.ghactivity.contracts.cli;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.local.ParentWatch;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one way every {@code gh-activity} command runs: picocli parsing with {@code --help}, typed hours, and errors a
 * user can read — a {@link UserError} prints its message only; anything unexpected prints one line plus the stack
 * trace only when {@code GH_ACTIVITY_DEBUG=1}. A command started by another one with {@link ParentWatch#ENV} set stops
 * when its parent dies.
 */
public final class Cli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private Cli() {
    }

    /** Builds the picocli command line with the project's converters and error handling. */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.registerConverter(GhArchiveHour.class, new HourConverter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Cli::handleExecutionException);
        return cl;
    }

    /** Runs a command and returns its exit code; {@code main} methods pass it to {@link System#exit}. */
    public static int execute(Object command, String... args) {
        CommandLine cl = commandLine(command);
        String name = cl.getCommandName();
        ParentWatch.startIfAsked(name.startsWith("gh-activity") ? name : "gh-activity " + name);
        return cl.execute(args);
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        Throwable userError = findUserError(e);
        if (userError instanceof UserError ue) {
            err.println(cl.getColorScheme().errorText(name + ": " + ue.getMessage()));
            debugTrace(e, err);
            return ue.exitCode();
        }
        if (userError instanceof IllegalArgumentException iae) {
            err.println(cl.getColorScheme().errorText(name + ": " + iae.getMessage()));
            debugTrace(e, err);
            return EXIT_USAGE;
        }
        err.println(cl.getColorScheme().errorText(name + ": failed: " + e));
        if (!debugTrace(e, err)) {
            err.println("(set GH_ACTIVITY_DEBUG=1 for the stack trace)");
        }
        return EXIT_FAILURE;
    }

    private static Throwable findUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError) {
                return t;
            }
        }
        return e instanceof IllegalArgumentException ? e : null;
    }

    private static boolean debugTrace(Throwable e, PrintWriter err) {
        if ("1".equals(System.getenv("GH_ACTIVITY_DEBUG"))) {
            e.printStackTrace(err);
            return true;
        }
        return false;
    }
}
