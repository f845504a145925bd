package io.kaizen.backup.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** This machine's host name, as recorded in manifests and lock files. */
final class LocalHost {
    private LocalHost() {
    }

    static String name() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }
}
