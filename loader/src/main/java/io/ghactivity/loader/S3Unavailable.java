package io.ghactivity.loader;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * S3 did not answer a request within its retry budget ({@link S3Options#MAX_ATTEMPTS} attempts): a transient fault
 * (5xx, throttling, a reset or timed-out connection) that outlasted the budget, or a refusal (403, 404 bucket). One
 * sentence that names S3, its endpoint and what was being read; the load of that hour is rolled back whole.
 */
public final class S3Unavailable extends LoadFailure {
    S3Unavailable(S3Options s3, String reading, SdkException e) {
        super("S3 at " + s3.describe() + " failed while reading " + reading + ": " + reason(e), e);
    }

    private static String reason(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return "HTTP " + ase.statusCode() + " " + ase.awsErrorDetails().errorCode() + " after " + attempts(e);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return msg.replaceAll("\\s*\\(SDK Attempt Count: \\d+\\)", "") + " after " + attempts(e);
    }

    private static String attempts(SdkException e) {
        Integer n = e.numAttempts();
        return (n == null ? "" : n + " of ") + S3Options.MAX_ATTEMPTS + " attempts (the retry budget)";
    }
}
