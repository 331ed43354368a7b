package io.ghactivity.contracts.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks before a server starts, so a taken port is one clear sentence instead of a bind stack trace. */
public final class Ports {
    private Ports() {
    }

    /** A port on 127.0.0.1 that is free now (tests, benchmarks and child processes pick theirs this way). */
    public static int free() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails with a {@link UserError} if {@code host:port} cannot be bound.
     *
     * @param what what the port is for and which option moves it, e.g. "the dashboard port (--port)"
     * @param hint what to do about it
     */
    public static void requireFree(String host, int port, String what, String hint) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UserError("port " + port + " on " + host + " (" + what + ") is in use: " + hint);
        }
    }
}
