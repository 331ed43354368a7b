package io.ghactivity.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app factory: builds the dashboard server (page, static assets, JSON API) around a {@link DashboardService} and
 * returns it <em>unstarted</em>, so the command, the one-process demo and the tests each start it their own way.
 *
 * <p>Routes: {@code /} the page (resources {@code /public}), {@code /webjars/echarts/...} the charting library from
 * its WebJar, {@code /api/openapi.json} the API's OpenAPI document, and
 * {@code /api/{status,summary,traffic-by-hour,event-types,timeline,repos}}.
 *
 * <p>Errors: 400 for input the caller can fix, 503 with {@code Retry-After} when the query slots are busy or a query
 * ran out of time, 500 with a correlation id (the cause goes to the log, never to the client). Every answer carries
 * the {@link SecurityHeaders}; paths that try to leave the static roots are 404s ({@link StaticPaths}).
 */
public final class DashboardApp {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApp.class);
    /** The filter every data endpoint reads, and the two the repo ranking adds. */
    static final List<String> FILTER_PARAMS = List.of("from", "to", "type");
    static final List<String> RANKING_PARAMS = List.of("order", "limit");
    /** Each GET route and the query parameters its handler reads; OpenApiTest holds api/openapi.json to exactly this. */
    static final Map<String, List<String>> ROUTES = Map.of(
            OpenApi.PATH, List.of(),
            "/api/status", List.of(),
            "/api/summary", FILTER_PARAMS,
            "/api/traffic-by-hour", FILTER_PARAMS,
            "/api/event-types", FILTER_PARAMS,
            "/api/timeline", FILTER_PARAMS,
            "/api/repos", List.of("from", "to", "type", "order", "limit"));

    private final DashboardService service;

    private DashboardApp(DashboardService service) {
        this.service = service;
    }

    public static Javalin create(DashboardService service) {
        DashboardApp app = new DashboardApp(service);
        return Javalin.create(c -> {
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/public";
                sf.location = Location.CLASSPATH;
                sf.headers = SecurityHeaders.ALL;
            });
            c.staticFiles.enableWebjars();
            c.startup.showJavalinBanner = false;
            c.http.prefer405over404 = true; // POST /api/summary: "method not allowed" with Allow, not "no such path"
            StaticPaths.install(c);
            c.routes.before(SecurityHeaders::apply);
            c.routes.get(OpenApi.PATH, ctx -> ctx.contentType("application/json").result(OpenApi.document()));
            c.routes.get("/api/status", app::status);
            c.routes.get("/api/summary", app::summary);
            c.routes.get("/api/traffic-by-hour", app::trafficByHour);
            c.routes.get("/api/event-types", app::eventTypes);
            c.routes.get("/api/timeline", app::timeline);
            c.routes.get("/api/repos", app::repos);
            c.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
            c.routes.exception(ServiceUnavailable.class, (e, ctx) -> {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
                error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            });
            c.routes.exception(Exception.class, DashboardApp::internalError);
            c.routes.error(404, "*", ctx -> {
                if (ctx.path().startsWith("/api/")) {
                    error(ctx, HttpStatus.NOT_FOUND, "no such endpoint: " + ctx.path() + " (see /api/openapi.json)");
                }
            });
        });
    }

    private void status(Context ctx) {
        ctx.json(service.status());
    }

    private void summary(Context ctx) {
        ctx.json(service.summary(filter(ctx)));
    }

    private void trafficByHour(Context ctx) {
        ctx.json(service.trafficByHour(filter(ctx)));
    }

    private void eventTypes(Context ctx) {
        ctx.json(service.eventTypes(filter(ctx)));
    }

    private void timeline(Context ctx) {
        ctx.json(service.timeline(filter(ctx)));
    }

    private void repos(Context ctx) {
        Filter f = filter(ctx);
        ctx.json(service.repos(f, RepoRanking.Order.parse(ctx.queryParam(RANKING_PARAMS.get(0))),
                RepoRanking.parseLimit(ctx.queryParam(RANKING_PARAMS.get(1)))));
    }

    private static Filter filter(Context ctx) {
        return Filter.parse(ctx.queryParam(FILTER_PARAMS.get(0)), ctx.queryParam(FILTER_PARAMS.get(1)),
                ctx.queryParam(FILTER_PARAMS.get(2)));
    }

    /** The client gets an id to quote; the log gets the id, the request and the cause (database text included). */
    private static void internalError(Exception e, Context ctx) {
        String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
        LOG.error("correlation id {}: {} {}?{} failed", id, ctx.method(), ctx.path(), ctx.queryString(), e);
        ctx.header("X-Correlation-Id", id);
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        ctx.status(status).json(new Api.Error(status.getCode(), status.getMessage(),
                "internal error; the server log has the details under correlation id " + id, id));
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(new Api.Error(status.getCode(), status.getMessage(), message));
    }
}
