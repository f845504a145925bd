package io.kaizen.backup.remote;

import io.kaizen.backup.KaizenException;

/** A node could not be used; {@link #kind()} says why in terms an operator acts on. */
public class RemoteException extends KaizenException {
    /** Why a node failed. */
    public enum Kind {
        UNREACHABLE("unreachable"),
        TIMEOUT("timed out"),
        AUTH_REFUSED("authentication refused"),
        HOST_KEY_UNKNOWN("host key unknown"),
        HOST_KEY_CHANGED("host key changed"),
        HOST_KEY_CLAIMED("host key of another node"),
        REFUSED("refused by the node"),
        PROTOCOL("protocol error"),
        UNTRUSTED_INPUT("sent invalid data");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Kind kind;

    public RemoteException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RemoteException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
