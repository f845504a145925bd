package io.kaizen.backup.remote.agent;

import java.time.Instant;

/**
 * The agent's greeting: protocol version, the node's own clock (for ages measured on the node), host name, and the
 * {@link AgentProtocol} feature bits it serves (0 from agents older than the features int).
 */
public record Hello(int version, Instant nodeTime, String host, int features) {
}
