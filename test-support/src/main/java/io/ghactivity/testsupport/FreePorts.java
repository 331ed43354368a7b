package io.ghactivity.testsupport;

import io.ghactivity.contracts.cli.Ports;

/** Random free ports on 127.0.0.1, so parallel test runs never collide. */
public final class FreePorts {
    private FreePorts() {
    }

    public static int next() {
        return Ports.free();
    }
}
