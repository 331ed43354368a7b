package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.RealSample;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP layer over a real server on 127.0.0.1: JSON shapes, filters, validation errors, the page and its assets. */
class DashboardApiTest {
    static final List<SampleEvent> EVENTS = SampleEvent.of(RealSample.PINOT_2021_07_21);
    static final ObjectMapper JSON = TestServer.JSON;

    static TestWarehouse warehouse;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        warehouse = TestWarehouse.inMemory().load(EVENTS);
        server = TestServer.over(warehouse);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        warehouse.close();
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return server.get(pathAndQuery);
    }

    static JsonNode json(String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        assertThat(r.statusCode()).as(pathAndQuery + " -> " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    @Test
    void summaryHasTheDocumentedFieldsAndFilteredNumbers() throws Exception {
        IndependentCount want = IndependentCount.of(EVENTS, GhArchiveHour.parse("2021-07-21T07"),
                GhArchiveHour.parse("2021-07-21T08"), "PushEvent");
        JsonNode s = json("/api/summary?from=2021-07-21T07&to=2021-07-21T08&type=PushEvent");
        assertThat(s.get("events").asLong()).isEqualTo(want.count());
        assertThat(s.get("actors").asLong()).isEqualTo(want.actors());
        assertThat(s.get("repos").asLong()).isEqualTo(want.repos());
        assertThat(s.get("first_hour").asText()).isEqualTo("2021-07-21T06");
        assertThat(s.get("latest_hour").asText()).isEqualTo("2021-07-21T09");
        assertThat(s.get("lag_seconds").asLong()).isPositive();
    }

    @Test
    void statusHasTheVersionThePagePolls() throws Exception {
        JsonNode st = json("/api/status");
        assertThat(st.get("loaded_hours").asLong()).isEqualTo(4);
        assertThat(st.get("latest_hour").asText()).isEqualTo("2021-07-21T09");
        assertThat(st.get("version").asText()).contains("2021-07-21T09");
        assertThat(st.has("last_load_at")).isTrue();
        assertThat(st.size()).isEqualTo(4);
    }

    @Test
    void trafficByHourAnswers24Bars() throws Exception {
        JsonNode t = json("/api/traffic-by-hour?type=WatchEvent");
        assertThat(t).hasSize(24);
        long[] want = IndependentCount.of(EVENTS, null, null, "WatchEvent").perHourOfDay();
        for (int h = 0; h < 24; h++) {
            assertThat(t.get(h).get("hour").asInt()).isEqualTo(h);
            assertThat(t.get(h).get("events").asLong()).as("hour " + h).isEqualTo(want[h]);
        }
    }

    @Test
    void eventTypesTimelineAndReposHaveTheDocumentedShapes() throws Exception {
        JsonNode types = json("/api/event-types");
        assertThat(types).hasSize(15);
        assertThat(types.get(0).get("type").asText()).isEqualTo("PushEvent");
        assertThat(types.get(0).get("events").asLong()).isEqualTo(425);
        assertThat(types.get(0).get("share").asDouble()).isEqualTo(425 / 800.0);

        JsonNode timeline = json("/api/timeline?from=2021-07-21T08");
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(0).get("hour").asText()).isEqualTo("2021-07-21T08");
        assertThat(timeline.get(0).get("events").asLong()).isEqualTo(200);

        JsonNode repos = json("/api/repos?order=most&limit=3");
        List<Map.Entry<Long, Long>> want = IndependentCount.of(EVENTS, null, null, null).rankedRepos(true, 3);
        assertThat(repos).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(repos.get(i).get("repo").asText()).contains("/");
            assertThat(repos.get(i).get("repo_id").asLong()).isEqualTo(want.get(i).getKey());
            assertThat(repos.get(i).get("events").asLong()).isEqualTo(want.get(i).getValue());
        }
        assertThat(json("/api/repos?order=least")).hasSize(10);
        assertThat(json("/api/repos?order=least&limit=5").get(0).get("events").asLong()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> 400 mentioning {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/summary?from=2021-07-21|from",
        "/api/summary?to=yesterday|to",
        "/api/timeline?from=2021-07-21T25|from",
        "/api/traffic-by-hour?from=2021-07-21T09&to=2021-07-21T06|is after",
        "/api/event-types?type=NoSuchEvent|unknown event type",
        "/api/summary?type=drop%20table|type",
        "/api/repos?order=best|order",
        "/api/repos?limit=0|limit",
        "/api/repos?limit=1001|limit",
        "/api/repos?limit=ten|limit",
    })
    void badInputIsA400WithAJsonMessage(String url, String mentions) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("message").asText()).contains(mentions);
    }

    @Test
    void unknownApiPathIsAJson404() throws Exception {
        HttpResponse<String> r = get("/api/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("message").asText()).contains("/api/nope");
    }

    @Test
    void servesThePageAndTheChartingLibraryFromItsWebJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Traffic per UTC hour of day", "/webjars/echarts/5.3.1/dist/echarts.min.js")
                .doesNotContain("https://cdn");
        HttpResponse<String> lib = get("/webjars/echarts/5.3.1/dist/echarts.min.js");
        assertThat(lib.statusCode()).isEqualTo(200);
        assertThat(lib.body().length()).isGreaterThan(500_000);
        assertThat(get("/dashboard.js").statusCode()).isEqualTo(200);
    }
}
