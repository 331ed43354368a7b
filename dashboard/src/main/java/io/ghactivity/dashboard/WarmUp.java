package io.ghactivity.dashboard;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background warm-up: whenever the warehouse version changes (an hour was loaded), precompute the per-version repo
 * extremes ({@link DashboardService#warmUp()}) so page requests do not wait for them. One daemon thread, one warm-up
 * at a time; the one-process demo starts it next to the loader the same way.
 */
public final class WarmUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    private final ScheduledExecutorService executor;

    private WarmUp(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Checks the version every 5 s (the page polls at the same pace). */
    public static WarmUp start(DashboardService service) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-warm-up");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        String[] warmed = {""};
        ex.scheduleWithFixedDelay(() -> {
            try {
                String version = service.status().version();
                if (!version.equals(warmed[0])) {
                    long t0 = System.nanoTime();
                    service.warmUp();
                    warmed[0] = version;
                    LOG.info("warm-up for warehouse version {} took {} ms", version, (System.nanoTime() - t0) / 1_000_000);
                }
            } catch (RuntimeException e) {
                LOG.warn("warm-up failed (requests will compute what they need): {}", e.getMessage());
            }
        }, 0, 5, TimeUnit.SECONDS);
        return new WarmUp(ex);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
