package io.ghactivity.contracts.local;

/**
 * How a long-running command tells the process that started it that it is up: one line on stdout,
 * {@code gh-activity ready: <component> <detail>}. The command calls {@link #announce}; the starter (the demo, tests)
 * waits for a line that {@link #isSignalledBy}. Both sides use this one type, so neither depends on the other's log
 * wording. (The broker's own line, {@link BrokerProcess#READY_PREFIX}, predates this and carries its bootstrap address.)
 */
public record ReadySignal(String component) {
    /** The stream: its query is started (batches run from here on). */
    public static final ReadySignal STREAM = new ReadySignal("stream");

    static final String PREFIX = "gh-activity ready: ";

    public ReadySignal {
        if (component.isBlank() || component.contains(" ")) {
            throw new IllegalArgumentException("a component name is one word: '" + component + "'");
        }
    }

    /** The line {@link #announce} prints. */
    public String line(String detail) {
        return PREFIX + component + (detail.isEmpty() ? "" : " " + detail);
    }

    /** Prints the ready line on stdout and flushes it, so a starter reading a file or a pipe sees it at once. */
    public void announce(String detail) {
        System.out.println(line(detail));
        System.out.flush();
    }

    /** True for the line {@link #announce} printed (with any detail). */
    public boolean isSignalledBy(String line) {
        String head = PREFIX + component;
        return line.equals(head) || line.startsWith(head + " ");
    }
}
