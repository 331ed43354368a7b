package io.ghactivity.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app factory: builds the dashboard server (page, static assets, JSON API) around a {@link DashboardService} and
 * returns it <em>unstarted</em>, so the command, the one-process demo and the tests each start it their own way.
 *
 * <p>Routes: {@code /} the page (resources {@code /public}), {@code /webjars/echarts/...} the charting library from
 * its WebJar, and {@code /api/{status,summary,traffic-by-hour,event-types,timeline,repos}}.
 */
public final class DashboardApp {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApp.class);

    private final DashboardService service;

    private DashboardApp(DashboardService service) {
        this.service = service;
    }

    public static Javalin create(DashboardService service) {
        DashboardApp app = new DashboardApp(service);
        return Javalin.create(c -> {
            c.staticFiles.add("/public", Location.CLASSPATH);
            c.staticFiles.enableWebjars();
            c.startup.showJavalinBanner = false;
            c.routes.get("/api/status", app::status);
            c.routes.get("/api/summary", app::summary);
            c.routes.get("/api/traffic-by-hour", app::trafficByHour);
            c.routes.get("/api/event-types", app::eventTypes);
            c.routes.get("/api/timeline", app::timeline);
            c.routes.get("/api/repos", app::repos);
            c.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} failed", ctx.path(), e);
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()));
            });
            c.routes.error(404, "*", ctx -> {
                if (ctx.path().startsWith("/api/")) {
                    error(ctx, HttpStatus.NOT_FOUND, "no such endpoint: " + ctx.path() + " (see docs/dashboard.md)");
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
        ctx.json(service.repos(f, RepoRanking.Order.parse(ctx.queryParam("order")),
                RepoRanking.parseLimit(ctx.queryParam("limit"))));
    }

    private static Filter filter(Context ctx) {
        return Filter.parse(ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("type"));
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(new Api.Error(status.getCode(), status.getMessage(), message));
    }
}
