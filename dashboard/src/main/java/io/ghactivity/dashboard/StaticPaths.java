package io.ghactivity.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests whose path tries to leave the served roots ({@code /..}, {@code %2e%2e}, encoded slashes or backslashes,
 * NUL, double encoding, {@code //}) are answered 404, like any file that is not there, and never reach a handler.
 * Jetty refuses the paths it cannot resolve inside the root (e.g. {@code /../x}) while parsing the request line, with
 * a 400; its error handler turns those into the same plain 404, so a prober learns nothing about which spelling the
 * server parsed. (A request line Jetty cannot parse for another reason gets that 404 too.)
 */
final class StaticPaths {
    private static final String[] SUSPICIOUS = {"..", "%2e", "%2f", "%5c", "\\", "%00", "%25", "//", ";"};

    private StaticPaths() {
    }

    static void install(JavalinConfig c) {
        c.jetty.modifyServer(server -> server.setErrorHandler(new NotFoundForTraversal()));
        c.routes.before(StaticPaths::refuseTraversal);
    }

    static boolean suspicious(String rawPath) {
        String p = rawPath == null ? "" : rawPath.toLowerCase(Locale.ROOT);
        for (String s : SUSPICIOUS) {
            if (p.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private static void refuseTraversal(Context ctx) {
        if (suspicious(ctx.req().getRequestURI())) {
            throw new NotFoundResponse();
        }
    }

    /** Jetty's own error answers (before any handler ran): a refused traversal is a 404, every one has the headers. */
    private static final class NotFoundForTraversal extends ErrorHandler {
        private static final String BAD_MESSAGE = "/badMessage";

        NotFoundForTraversal() {
            setShowStacks(false);
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) throws IOException {
            SecurityHeaders.ALL.forEach((name, value) -> response.getHeaders().put(name, value));
            // Jetty replaces a request it refused while parsing (its path escapes the root, e.g. /../x) by /badMessage
            // and keeps nothing of the original; such a request never reached a handler, so "not found" is true
            if (code == 400 && BAD_MESSAGE.equals(request.getHttpURI().getPath())) {
                response.setStatus(404);
                super.generateResponse(request, response, 404, "Not Found", null, callback);
            } else {
                super.generateResponse(request, response, code, message, null, callback);
            }
        }
    }
}
