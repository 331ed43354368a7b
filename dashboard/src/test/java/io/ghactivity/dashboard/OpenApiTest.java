package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.testsupport.RealSample;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published OpenAPI document stays true: its paths are exactly the registered routes, each operation's parameters
 * are exactly the ones its handler reads, and every documented parameter is really read (a bad value is a 400 that
 * names it). The schemathesis run (ApiFuzzIT) checks the answers against the document's schemas.
 */
class OpenApiTest {
    static final ObjectMapper JSON = TestServer.JSON;
    static TestWarehouse warehouse;
    static TestServer server;
    static Javalin app;

    @BeforeAll
    static void start() throws Exception {
        warehouse = TestWarehouse.inMemory().load(SampleEvent.of(RealSample.PINOT_2021_07_21));
        server = TestServer.over(warehouse);
        app = server.app;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        warehouse.close();
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return server.get(pathAndQuery);
    }

    static JsonNode document() throws Exception {
        HttpResponse<String> r = get(OpenApi.PATH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    @Test
    void theDocumentIsOpenApi3AndListsExactlyTheRegisteredRoutes() throws Exception {
        JsonNode doc = document();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Map<String, List<String>> documented = new TreeMap<>();
        doc.get("paths").fields().forEachRemaining(p -> {
            List<String> methods = new ArrayList<>();
            p.getValue().fieldNames().forEachRemaining(methods::add);
            documented.put(p.getKey(), methods);
        });
        Map<String, List<String>> registered = app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint -> ParsedEndpoint.endpoint)
                .filter(e -> e.method == HandlerType.GET && e.path.startsWith("/api/"))
                .collect(Collectors.groupingBy(e -> e.path, TreeMap::new,
                        Collectors.mapping(e -> e.method.name().toLowerCase(), Collectors.toList())));
        assertThat(documented).isEqualTo(registered);
        assertThat(registered.keySet()).isEqualTo(new TreeMap<>(DashboardApp.ROUTES).keySet());
        assertThat(app.unsafe.internalRouter.allHttpHandlers()).allSatisfy((ParsedEndpoint e) ->
                assertThat(e.endpoint.method).isIn(HandlerType.GET, HandlerType.BEFORE));
    }

    @Test
    void eachOperationDocumentsExactlyTheParametersItsHandlerReads() throws Exception {
        JsonNode doc = document();
        for (Map.Entry<String, List<String>> route : DashboardApp.ROUTES.entrySet()) {
            List<String> names = new ArrayList<>();
            for (JsonNode p : doc.get("paths").get(route.getKey()).get("get").path("parameters")) {
                JsonNode param = p.has("$ref") ? resolve(doc, p.get("$ref").asText()) : p;
                assertThat(param.get("in").asText()).isEqualTo("query");
                names.add(param.get("name").asText());
            }
            assertThat(names).as(route.getKey()).containsExactlyInAnyOrderElementsOf(route.getValue());
        }
    }

    @Test
    void everyDocumentedParameterIsReadByItsHandler() throws Exception {
        for (Map.Entry<String, List<String>> route : DashboardApp.ROUTES.entrySet()) {
            for (String name : route.getValue()) {
                String url = route.getKey() + "?" + name + "=" + URLEncoder.encode("not\u0001valid", StandardCharsets.UTF_8);
                HttpResponse<String> r = get(url);
                assertThat(r.statusCode()).as(url).isEqualTo(400);
                assertThat(JSON.readTree(r.body()).get("message").asText()).as(url).contains(name);
            }
        }
    }

    static JsonNode resolve(JsonNode doc, String ref) {
        JsonNode n = doc;
        for (String part : ref.substring(2).split("/")) {
            n = n.get(part);
        }
        return n;
    }
}
