package io.ghactivity.stream.core;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --trigger}: {@code available-now} (process what is in the topic, then stop: replays, backfills, tests) or an
 * interval such as {@code 1h}, {@code 30s}, {@code 5m}, {@code 500ms} (continuous micro-batches).
 */
public record TriggerSpec(Duration interval) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    public static final TriggerSpec AVAILABLE_NOW = new TriggerSpec(null);

    public static TriggerSpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("available-now") || t.equals("availablenow")) {
            return AVAILABLE_NOW;
        }
        return new TriggerSpec(parseDuration(t, "--trigger"));
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code 500ms}, or ISO-8601 {@code PT10M}. */
    public static Duration parseDuration(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(option + " '" + text + "' is not a duration");
            }
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + text
                    + "' is not understood: use available-now or a duration like 30s, 5m, 1h (or ISO-8601 PT1H)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    public boolean availableNow() {
        return interval == null;
    }

    @Override
    public String toString() {
        return availableNow() ? "available-now" : interval.toString();
    }
}
