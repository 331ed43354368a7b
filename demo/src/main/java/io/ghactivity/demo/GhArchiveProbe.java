package io.ghactivity.demo;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.UserError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks that GH Archive answers before the demo starts a broker and Spark for nothing: one HEAD request for the first
 * hour's file. Any HTTP answer counts as reachable (a 404 is a missing hour and a 5xx a retry, both the replay's
 * business); only no answer at all — DNS, refused connection, timeout, TLS — stops the demo, with a sentence.
 */
final class GhArchiveProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private GhArchiveProbe() {
    }

    static void requireReachable(String baseUrl, GhArchiveHour first) {
        URI uri = URI.create(baseUrl.replaceAll("/+$", "") + "/" + first.fileName());
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest head = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build();
        try {
            client.send(head, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UserError("GH Archive is not reachable at " + baseUrl + " (" + describe(e) + "). Check the network "
                    + "or --gharchive-url, or run offline with --source synthetic (the default)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while checking GH Archive at " + baseUrl, e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = cause != null && cause.getMessage() != null ? cause.getMessage() : "";
        }
        return e.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message);
    }
}
