package io.ghactivity.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API's OpenAPI 3 document ({@code api/openapi.json} on the classpath), served at {@link #PATH}. It is written by
 * hand next to the code; {@code OpenApiTest} keeps it equal to the registered routes and the parameters the handlers
 * read, and the schemathesis fuzz run ({@code scripts/fuzz-api.sh}) checks every answer against its schemas.
 */
final class OpenApi {
    static final String PATH = "/api/openapi.json";
    private static final String RESOURCE = "/api/openapi.json";
    private static final String DOCUMENT = load();

    private OpenApi() {
    }

    static String document() {
        return DOCUMENT;
    }

    private static String load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
