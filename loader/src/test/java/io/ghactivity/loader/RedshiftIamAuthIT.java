package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.testsupport.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jdbc:redshift:iam://} — the URL terraform gives the loader — works only if the AWS SDK modules that
 * redshift-jdbc42 marks optional are on the loader's classpath. This runs the real driver through the loader's own
 * {@link ConnectionOptions} against stand-ins on 127.0.0.1 (no AWS): a Redshift Serverless API endpoint that answers
 * {@code GetCredentials}, and a database port that accepts and closes. Passing means the driver built its IAM
 * credentials plugin and SDK client (no ClassNotFound), signed a {@code GetCredentials} call for the workgroup with
 * SigV4, and went on to the database with the temporary credentials.
 */
class RedshiftIamAuthIT {
    private HttpServer api;
    private ServerSocket database;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger databaseConnections = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()), 0);
        api.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(target + " | " + auth + " | " + body);
            long now = System.currentTimeMillis() / 1000;
            byte[] answer = ("{\"dbUser\":\"IAMR:gh-activity-loader\",\"dbPassword\":\"temporary\","
                    + "\"expiration\":" + (now + 900) + ",\"nextRefreshTime\":" + (now + 600) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        api.start();
        database = new ServerSocket(FreePorts.next(), 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!database.isClosed()) {
                try (Socket s = database.accept()) {
                    databaseConnections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "stand-in-database");
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void stop() throws IOException {
        api.stop(0);
        database.close();
    }

    @Test
    void theIamUrlGetsServerlessCredentialsThroughTheSdkThenConnectsWithThem() {
        ConnectionOptions options = new ConnectionOptions();
        options.warehouse = "redshift:jdbc:redshift:iam://127.0.0.1:" + database.getLocalPort() + "/dev"
                + "?isserverless=true&serverlessworkgroup=gh-activity-test&region=eu-west-1"
                + "&endpointurl=http://127.0.0.1:" + api.getAddress().getPort()
                + "&accesskeyid=AKIDSTANDIN&secretaccesskey=standin-secret&logintimeout=20";

        // check's path: no --iam-role/--s3-staging needed; the connection itself is what fails (the port closes).
        assertThatThrownBy(options::openWarehouseWithoutStaging).isInstanceOf(UserError.class)
                .hasMessageContaining("cannot reach the Redshift warehouse")
                .hasMessageNotContaining("ClassNotFound").hasMessageNotContaining("NoClassDefFound")
                .hasMessageNotContaining("standin-secret");

        assertThat(calls).isNotEmpty();
        assertThat(calls).allSatisfy(call -> assertThat(call)
                .startsWith("RedshiftServerless.GetCredentials | AWS4-HMAC-SHA256 Credential=AKIDSTANDIN/")
                .contains("/eu-west-1/redshift-serverless/aws4_request")
                .contains("\"workgroupName\":\"gh-activity-test\"").contains("\"dbName\":\"dev\""));
        assertThat(databaseConnections.get()).as("connections to the database after GetCredentials").isPositive();
    }
}
