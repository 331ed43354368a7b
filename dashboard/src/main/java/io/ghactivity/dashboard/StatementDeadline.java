package io.ghactivity.dashboard;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A statement timeout for one request, which DuckDB has no setting for: the request's connection is watched, and when
 * its time is up every statement it created is cancelled ({@link Statement#cancel()}, which interrupts the running
 * DuckDB query) and no new statement can be created. A request runs several statements, so the deadline covers them
 * together rather than each one (JDBC's per-statement query timeout would multiply).
 */
final class StatementDeadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-statement-timeout");
        t.setDaemon(true);
        return t;
    });

    private final long deadlineNanos;
    private final List<Statement> statements = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> alarm;
    private volatile boolean expired;

    private StatementDeadline(Duration timeout) {
        this.deadlineNanos = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        this.alarm = timeout == null ? null : TIMER.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the clock; {@code null} means no deadline (the background warm-up). */
    static StatementDeadline start(Duration timeout) {
        return new StatementDeadline(timeout);
    }

    /** The same connection, with its statements under this deadline. */
    Connection watch(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    boolean createsStatement = method.getName().equals("createStatement")
                            || method.getName().startsWith("prepare");
                    if (createsStatement && expired()) {
                        throw new SQLTimeoutException("statement timeout: the request's time is up");
                    }
                    Object result;
                    try {
                        result = method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Statement s) {
                        statements.add(s);
                    }
                    return result;
                });
    }

    /** True once the time is up, whether or not a statement was running then. */
    boolean expired() {
        return expired || System.nanoTime() - deadlineNanos >= 0;
    }

    private void expire() {
        expired = true;
        for (Statement s : statements) {
            try {
                s.cancel();
            } catch (SQLException e) {
                // already closed or finished: nothing to interrupt
            }
        }
    }

    @Override
    public void close() {
        if (alarm != null) {
            alarm.cancel(false);
        }
        statements.clear();
    }
}
