package io.ghactivity.testsupport;

import io.ghactivity.contracts.cli.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Random free ports on 127.0.0.1, so parallel test runs never collide. */
public final class FreePorts {
    private FreePorts() {
    }

    public static int next() {
        return Ports.free();
    }

    /** A free port whose successor is free too (a local broker's controller takes port + 1). */
    public static int nextPair() {
        for (int i = 0; i < 50; i++) {
            int p = next();
            try (ServerSocket a = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free pair of ports on 127.0.0.1");
    }
}
