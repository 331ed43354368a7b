package io.ghactivity.loader;

import java.util.Locale;

/**
 * The outcome of one hour, printed as one JSON line on stdout:
 * {@code {"hour":"2022-06-05T07","rows":134000,"revision":1,"seconds":1.234,"status":"loaded"}}.
 */
public record LoadResult(String hour, long rows, int revision, double seconds, Status status, String error, int exitCode) {

    public static LoadResult ok(String hour, long rows, int revision, double seconds, Status status) {
        return new LoadResult(hour, rows, revision, seconds, status, null, 0);
    }

    public static LoadResult failed(String hour, LoadFailure f) {
        return new LoadResult(hour, 0, 0, 0, Status.FAILED, f.getMessage(), f.exitCode());
    }

    public enum Status { LOADED, SKIPPED, FAILED }

    public String toJson() {
        String base = String.format(Locale.ROOT, "{\"hour\":\"%s\",\"rows\":%d,\"revision\":%d,\"seconds\":%.3f,\"status\":\"%s\"",
                hour, rows, revision, seconds, status.name().toLowerCase(Locale.ROOT));
        return error == null ? base + "}" : base + ",\"error\":\"" + escape(error) + "\"}";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
