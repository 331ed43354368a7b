package io.ghactivity.stream;

import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a run that failed on S3 into one sentence that names S3, its endpoint and the retry budget it outlasted,
 * instead of the bare root cause ("We encountered an internal error…") or a stack trace. Recognised by class names
 * (s3a's and the AWS SDK's exceptions), so the job needs no compile-time dependency on either.
 */
final class S3Failure {
    private S3Failure() {
    }

    /**
     * The sentence, when {@code e} or one of its causes is an s3a or AWS SDK failure; empty otherwise.
     *
     * @param s3aSetting an s3a setting by its name after {@code fs.s3a.} (e.g. {@code endpoint}), or null when unset
     */
    static Optional<String> describe(Throwable e, Function<String, String> s3aSetting) {
        Throwable s3a = null;
        Throwable sdk = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String name = t.getClass().getName();
            if (s3a == null && name.startsWith("org.apache.hadoop.fs.s3a.")) {
                s3a = t;
            }
            if (sdk == null && name.startsWith("software.amazon.awssdk.")) {
                sdk = t;
            }
        }
        Throwable found = s3a != null ? s3a : sdk;
        if (found == null) {
            return Optional.empty();
        }
        String endpoint = s3aSetting.apply("endpoint");
        return Optional.of("S3 at " + (endpoint == null || endpoint.isBlank() ? "Amazon S3" : endpoint)
                + " failed beyond the s3a retry budget (fs.s3a.attempts.maximum=" + s3aSetting.apply("attempts.maximum")
                + ", fs.s3a.retry.limit=" + s3aSetting.apply("retry.limit") + "): " + firstLine(found)
                + " — nothing of the failed batch is in a manifest; rerun the same command once S3 answers");
    }

    private static String firstLine(Throwable t) {
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // s3a repeats the SDK's text after the SDK's class name; the operation, object and status are said once
        return msg.lines().findFirst().orElse(msg).strip()
                .replaceAll("software\\.amazon\\.awssdk\\.[\\w.]+: ", "")
                .replaceAll("(\\(SDK Attempt Count: \\d+\\)).*", "$1");
    }
}
