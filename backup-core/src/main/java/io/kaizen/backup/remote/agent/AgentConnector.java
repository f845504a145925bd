package io.kaizen.backup.remote.agent;

import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.SshTarget;
import java.util.function.Consumer;

/**
 * Opens agent sessions to nodes. The SSH implementation is {@link SshAgentConnector}; tests may connect to an
 * in-process {@link AgentServer} or to a deliberately malicious peer. Must be thread-safe.
 */
public interface AgentConnector {
    /**
     * A session whose greeting was read, reading what the node sends no faster than {@code limit}, or a
     * {@link io.kaizen.backup.remote.RemoteException} saying why not. {@code warnings} hears what the operator
     * should know though the session was opened (a node's host key re-pinned under its name).
     */
    AgentSession open(SshTarget target, BandwidthLimit limit, Consumer<String> warnings);
}
