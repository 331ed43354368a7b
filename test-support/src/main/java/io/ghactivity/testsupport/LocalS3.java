package io.ghactivity.testsupport;

import io.ghactivity.contracts.local.Processes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: s3proxy 4.1.0 ({@code jar-with-dependencies}, copied to
 * {@code test-support/target/tools/s3proxy.jar} by the build) in its own JVM, filesystem backend in a temp dir,
 * path-style, SigV4, on 127.0.0.1 and a random port; hard start timeout; killed on close or JVM exit.
 * See ../shared/PLATFORM.md §2 for why these settings.
 */
public final class LocalS3 implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final String endpoint;
    private final Path log;
    private final Thread killer;

    private LocalS3(Process process, String endpoint, Path log, Thread killer) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.killer = killer;
    }

    /** Starts s3proxy with its objects under {@code dir} and creates the given buckets. */
    public static LocalS3 start(Path dir, String... buckets) throws IOException, InterruptedException {
        Path jar = ProjectPaths.root().resolve("test-support/target/tools/s3proxy.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("s3proxy is not copied yet (" + jar + "): build test-support first (make build)");
        }
        Path data = Files.createDirectories(dir.resolve("s3-data"));
        int port = FreePorts.next();
        String endpoint = "http://127.0.0.1:" + port;
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + data) + "\n");
        Path log = dir.resolve("s3proxy.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(javaBin, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--properties", conf.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread killer = new Thread(p::destroyForcibly, "kill-test-s3proxy");
        Runtime.getRuntime().addShutdownHook(killer);
        LocalS3 s3 = new LocalS3(p, endpoint, log, killer);
        try {
            awaitPort(p, port, log);
            try (S3Client client = s3.client()) {
                for (String b : buckets) {
                    client.createBucket(r -> r.bucket(b));
                }
            }
            return s3;
        } catch (RuntimeException | IOException | InterruptedException e) {
            s3.close();
            throw e;
        }
    }

    private static void awaitPort(Process p, int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("s3proxy did not open port " + port + " within " + START_TIMEOUT + ":\n"
                + Files.readString(log));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return endpoint;
    }

    /** A path-style SDK v2 client for this server; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                // Newer SDKs add CRC checksums to every request by default; only send them where S3 requires them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Kills the server and waits for it (hard timeout). */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(15));
        Processes.removeHook(killer);
    }

    public Path log() {
        return log;
    }
}
