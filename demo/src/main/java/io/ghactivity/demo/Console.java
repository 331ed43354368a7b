package io.ghactivity.demo;

import java.io.PrintStream;

/**
 * What the operator sees on stderr. On a terminal: the demo's sentences, each on its own line, and below them one
 * progress line rewritten in place. Piped or redirected: plain lines only, a progress line each time it changes — no
 * control characters in a log file.
 */
final class Console {
    private static final String CLEAR_LINE = "\r\033[K";
    private static volatile Console current = new Console(System.err, false);

    private final PrintStream err;
    private final boolean interactive;
    private String progress = "";

    Console(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** Uses the terminal mode when both the demo's input and output are a terminal (what System.console() tells). */
    static void useTerminalIfAny() {
        current = new Console(System.err, System.console() != null);
    }

    static Console get() {
        return current;
    }

    /** One sentence on its own line (above the progress line on a terminal). */
    synchronized void say(String message) {
        if (interactive) {
            err.print(CLEAR_LINE + "demo: " + message + "\n" + progress);
        } else {
            err.println("demo: " + message);
        }
        err.flush();
    }

    /** Replaces the progress line on a terminal; elsewhere prints it as a line when it says something new. */
    synchronized void progress(String line) {
        if (line.equals(progress)) {
            return;
        }
        if (interactive) {
            err.print(CLEAR_LINE + line);
        } else if (!stripVolatile(line).equals(stripVolatile(progress))) {
            err.println("demo: " + line);
        }
        progress = line;
        err.flush();
    }

    /** Ends the progress line so what follows starts on a fresh line. */
    synchronized void endProgress() {
        if (interactive && !progress.isEmpty()) {
            err.print("\n");
            err.flush();
        }
        progress = "";
    }

    /** The part of a progress line that changes only when work is done (not rate or ETA), for the piped mode. */
    private static String stripVolatile(String line) {
        int cut = line.indexOf(" · ");
        return cut < 0 ? line : line.substring(0, cut);
    }
}
