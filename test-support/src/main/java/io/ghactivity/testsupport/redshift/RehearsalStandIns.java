package io.ghactivity.testsupport.redshift;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.testsupport.KafkaBrokerProcess;
import io.ghactivity.testsupport.LocalS3;
import io.ghactivity.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stand-ins of the command rehearsal (terraform/tests/test_command_rehearsal.py), started together for a process
 * that is not Java: the project's Kafka broker (for MSK), s3proxy (for S3) with the given buckets, PostgreSQL (for
 * Redshift Serverless) behind the {@link RedshiftWireProxy}. Prints one JSON line with their endpoints, then runs until
 * its stdin closes, and stops them all.
 *
 * <pre>java -Dgh.root=. -cp "test-support/target/test-support.jar:test-support/target/lib/*" \
 *     io.ghactivity.testsupport.redshift.RehearsalStandIns WORK_DIR BUCKET...</pre>
 */
public final class RehearsalStandIns {
    private RehearsalStandIns() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RehearsalStandIns <workDir> <bucket>...");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        String[] buckets = Arrays.copyOfRange(args, 1, args.length);
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"));
             LocalS3 s3 = LocalS3.start(Files.createDirectories(dir.resolve("s3")), buckets);
             PostgresServer postgres = PostgresServer.start();
             var client = s3.client();
             RedshiftWireProxy redshift = new RedshiftWireProxy(postgres.port(),
                     new CopyFromS3(client, Files.createDirectories(dir.resolve("copy-scratch"))),
                     dir.resolve("copies.jsonl"), dir.resolve("translations.jsonl"))) {
            Map<String, Object> endpoints = new LinkedHashMap<>();
            endpoints.put("bootstrap", broker.bootstrap());
            endpoints.put("s3_endpoint", s3.endpoint());
            endpoints.put("s3_access_key", LocalS3.ACCESS_KEY);
            endpoints.put("s3_secret_key", LocalS3.SECRET_KEY);
            endpoints.put("s3_region", LocalS3.REGION);
            endpoints.put("postgres_port", postgres.port());
            endpoints.put("postgres_user", postgres.user());
            endpoints.put("redshift_port", redshift.port());
            endpoints.put("copy_log", dir.resolve("copies.jsonl").toString());
            endpoints.put("translation_log", dir.resolve("translations.jsonl").toString());
            System.out.println(new ObjectMapper().writeValueAsString(endpoints));
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the rehearsal closes our stdin
            }
        }
    }
}
