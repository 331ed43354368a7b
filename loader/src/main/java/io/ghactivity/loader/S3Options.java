package io.ghactivity.loader;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How to reach S3 (or an S3-compatible endpoint). Credentials come from the default AWS chain (env
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profile, instance role).
 *
 * @param endpoint  override, e.g. {@code http://127.0.0.1:9000}; null for AWS
 * @param pathStyle path-style addressing (needed by most local S3 servers)
 * @param region    signing region
 */
public record S3Options(String endpoint, boolean pathStyle, String region) {
    public static final S3Options AWS_DEFAULT = new S3Options(null, false, "us-east-1");

    /**
     * The retry budget of one S3 call, set here rather than left to SDK defaults (3): attempts in all, with the SDK's
     * standard strategy between them — exponential backoff with full jitter from 100 ms (1 s for throttling answers
     * such as 503 SlowDown), capped at 20 s — so an outage is given up on after about 15 s at most per call.
     */
    public static final int MAX_ATTEMPTS = 5;
    /** One attempt (a whole object download included) is abandoned, and retried, after this long. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(2);

    public S3Options {
        region = region == null || region.isBlank() ? "us-east-1" : region;
    }

    public S3Client client() {
        var b = S3Client.builder().region(Region.of(region)).forcePathStyle(pathStyle)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        if (endpoint != null && !endpoint.isBlank()) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }

    /** Where requests go, for messages: the endpoint override, or Amazon S3 in the region. */
    public String describe() {
        return endpoint != null && !endpoint.isBlank() ? endpoint : "Amazon S3 (" + region + ")";
    }

    /** Splits {@code s3a://bucket/key} (or {@code s3://}) into bucket and key. */
    public static String[] bucketAndKey(String uri) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }
}
