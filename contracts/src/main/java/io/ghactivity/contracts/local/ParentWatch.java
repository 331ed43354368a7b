package io.ghactivity.contracts.local;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Makes a command started by another process (the demo starts broker, stream and replay) stop when that process dies,
 * even by {@code kill -9}: the parent keeps a pipe to our stdin open and never writes to it; when the parent dies the
 * kernel closes its end, our read returns end-of-file, and we exit through the normal shutdown hooks (the broker and
 * the stream stop cleanly), halting if those take longer than {@link #HALT_AFTER}.
 *
 * <p>Linux's {@code PR_SET_PDEATHSIG} would do this without a pipe but is out of reach of Java without native code.
 * The watch is on only when the parent asks for it with {@value #ENV}{@code =stdin}, because a command started from a
 * terminal must not read (and exit on) the user's keyboard.
 */
public final class ParentWatch {
    /** The environment variable a parent sets on its child to ask for this watch. */
    public static final String ENV = "GH_ACTIVITY_STOP_WITH_PARENT";
    /** Its only value: watch stdin. */
    public static final String STDIN = "stdin";
    /** Exit code when the parent is gone (the child did not fail; it was orphaned). */
    public static final int EXIT_PARENT_GONE = 143;
    /** Shutdown hooks get this long after the parent died; then the JVM halts, so no orphan outlives it by much. */
    public static final Duration HALT_AFTER = Duration.ofSeconds(20);

    private ParentWatch() {
    }

    /** Starts the watch if the environment asks for it; {@code name} prefixes the one line it prints. */
    public static void startIfAsked(String name) {
        if (STDIN.equals(System.getenv(ENV))) {
            start(name, System.in);
        }
    }

    static Thread start(String name, InputStream fromParent) {
        Thread t = new Thread(() -> {
            drainUntilEof(fromParent);
            System.err.println(name + ": the process that started me is gone (stdin closed); stopping");
            Thread halt = new Thread(() -> {
                sleep(HALT_AFTER);
                System.err.println(name + ": shutdown took longer than " + HALT_AFTER.toSeconds() + " s; halting");
                Runtime.getRuntime().halt(EXIT_PARENT_GONE);
            }, "parent-watch-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(EXIT_PARENT_GONE);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void drainUntilEof(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // the parent never writes; anything it does is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-file: the parent is gone
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
