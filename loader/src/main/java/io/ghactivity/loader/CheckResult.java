package io.ghactivity.loader;

/** One quality check of one hour: its name, whether it passed, and a detail a person can act on. */
public record CheckResult(String name, boolean passed, String detail) {
}
