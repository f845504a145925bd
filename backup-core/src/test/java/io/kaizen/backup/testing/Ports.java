package io.kaizen.backup.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for test servers: free ones on 127.0.0.1 in 24000-24999, the range this project's tests own. */
public final class Ports {
    private static final int FIRST = 24000;
    private static final int COUNT = 1000;

    private Ports() {
    }

    /** A port nobody listens on right now, from a random start so parallel runs rarely meet. */
    public static int free() {
        int start = ThreadLocalRandom.current().nextInt(COUNT);
        for (int i = 0; i < COUNT; i++) {
            int port = FIRST + (start + i) % COUNT;
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken: try the next one
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + (FIRST + COUNT - 1));
    }
}
