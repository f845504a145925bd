package io.kaizen.backup.remote.agent;

import java.time.Instant;

/** The agent's greeting: protocol version, the node's own clock (for ages measured on the node) and host name. */
public record Hello(int version, Instant nodeTime, String host) {
}
