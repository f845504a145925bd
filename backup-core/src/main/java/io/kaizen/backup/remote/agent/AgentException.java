package io.kaizen.backup.remote.agent;

import io.kaizen.backup.remote.RemoteException;

/** The peer broke the protocol, refused a request, or sent data that failed validation. */
public final class AgentException extends RemoteException {
    public AgentException(Kind kind, String message) {
        super(kind, message);
    }

    static AgentException protocol(String message) {
        return new AgentException(Kind.PROTOCOL, message);
    }

    static AgentException untrusted(String message) {
        return new AgentException(Kind.UNTRUSTED_INPUT, message);
    }
}
