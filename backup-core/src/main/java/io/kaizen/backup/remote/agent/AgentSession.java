package io.kaizen.backup.remote.agent;

/** A connection to one node's agent. {@link #abort()} may be called from any thread and makes blocked reads fail. */
public interface AgentSession extends AutoCloseable {
    AgentClient client();

    /** Cuts the connection now (timeouts, cancellation). */
    void abort();

    /** What the remote side said on stderr, for error messages (may be empty). */
    String diagnostics();

    @Override
    void close();
}
