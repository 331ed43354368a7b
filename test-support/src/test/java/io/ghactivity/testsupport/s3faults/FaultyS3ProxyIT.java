package io.ghactivity.testsupport.s3faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.testsupport.LocalS3;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The proxy against a real S3-compatible server with the real SDK: relayed requests keep valid signatures and exact
 * bytes; each fault kind is injected and counted; the SDK's retries carry requests through scheduled faults and one
 * failed UploadPart; an outage exhausts the retries.
 */
class FaultyS3ProxyIT {
    @TempDir
    static Path dir;
    static LocalS3 s3;

    @BeforeAll
    static void startServer() throws Exception {
        s3 = LocalS3.start(dir, "bucket");
    }

    @AfterAll
    static void stopServer() {
        s3.close();
    }

    @Test
    void scheduledFaultsOfEveryKindAreInjectedAndTheSdkRetriesThroughThem() throws Exception {
        FaultPlan plan = FaultPlan.seeded(16, 0.3, S3Fault.values());
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ofMillis(50));
             S3Client client = client(proxy.endpoint(), 4)) {
            Random r = new Random(7);
            List<byte[]> objects = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] b = new byte[1000 + r.nextInt(50_000)];
                r.nextBytes(b);
                objects.add(b);
                int n = i;
                client.putObject(p -> p.bucket("bucket").key("k/" + n), RequestBody.fromBytes(b));
            }
            for (int i = 0; i < objects.size(); i++) {
                int n = i;
                assertThat(client.getObjectAsBytes(g -> g.bucket("bucket").key("k/" + n)).asByteArray()).isEqualTo(objects.get(i));
            }
            assertThat(client.listObjectsV2(l -> l.bucket("bucket").prefix("k/")).keyCount()).isEqualTo(40);
            for (S3Fault f : S3Fault.values()) {
                assertThat(proxy.injected(f)).as(f + " in " + proxy.summary()).isPositive();
            }
        }
    }

    @Test
    void aFailedUploadPartIsRetriedAndTheObjectIsComplete() throws Exception {
        FaultPlan plan = FaultPlan.none().once(S3Request::isUploadPart, S3Fault.INTERNAL_ERROR_500);
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ZERO);
             S3Client client = client(proxy.endpoint(), 3)) {
            byte[] part = new byte[5 * 1024 * 1024];
            new Random(3).nextBytes(part);
            String id = client.createMultipartUpload(c -> c.bucket("bucket").key("mp")).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            for (int n = 1; n <= 2; n++) {
                int pn = n;
                String etag = client.uploadPart(u -> u.bucket("bucket").key("mp").uploadId(id).partNumber(pn),
                        RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            client.completeMultipartUpload(c -> c.bucket("bucket").key("mp").uploadId(id).multipartUpload(m -> m.parts(parts)));
            assertThat(proxy.injected(S3Fault.INTERNAL_ERROR_500)).isEqualTo(1);
            byte[] back = client.getObjectAsBytes(g -> g.bucket("bucket").key("mp")).asByteArray();
            assertThat(back).hasSize(2 * part.length);
        }
    }

    @Test
    void anOutageOutlastsTheRetriesAndEndsWhenLifted() throws Exception {
        FaultPlan plan = FaultPlan.none();
        try (FaultyS3Proxy proxy = FaultyS3Proxy.start(s3.endpoint(), plan, Duration.ZERO);
             S3Client client = client(proxy.endpoint(), 2)) {
            plan.outage(true);
            assertThatThrownBy(() -> client.putObject(p -> p.bucket("bucket").key("o"), RequestBody.fromString("x")))
                    .isInstanceOf(SdkException.class).hasMessageContaining("Status Code: 503");
            assertThat(proxy.injected(S3Fault.SLOW_DOWN_503)).isEqualTo(2);
            plan.outage(false);
            client.putObject(p -> p.bucket("bucket").key("o"), RequestBody.fromString("x"));
            assertThat(client.getObjectAsBytes(g -> g.bucket("bucket").key("o")).asUtf8String()).isEqualTo("x");
        }
    }

    private static S3Client client(String endpoint, int attempts) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.of(LocalS3.REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(attempts)))
                .build();
    }
}
