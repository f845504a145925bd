package io.kaizen.backup.remote;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Enrolment: fetches the host key a target offers and pins it in our known_hosts when nothing is pinned for the
 * target yet and the caller confirms it. A key already pinned is left alone; a target whose pinned key differs
 * from the one it offers is refused and never re-pinned (a reinstalled host needs its old line removed by hand,
 * after its new key was checked out of band).
 */
public final class Enrolment {
    /** What enrolment did for one target. */
    public enum Outcome {
        /** The offered key was pinned now. */
        PINNED,
        /** The offered key was pinned already. */
        ALREADY_PINNED,
        /** Nothing was pinned for the target and the caller did not confirm the offered key. */
        NOT_CONFIRMED,
        /** Another key is pinned for the target: refused, nothing changed. */
        REFUSED_CHANGED
    }

    /**
     * The result for one target.
     *
     * @param alias       the name the key is pinned under in {@code knownHosts}
     * @param offered     the key the target offers
     * @param pinned      the keys pinned for it before enrolment
     */
    public record Result(SshTarget target, String alias, Outcome outcome, HostKey offered, List<HostKey> pinned,
                         Path knownHosts) {
        public Result {
            pinned = List.copyOf(pinned);
        }
    }

    private final Function<SshTarget, HostKey> probe;
    private final Path knownHosts;

    /** Enrols through {@code connector}, in its known_hosts. */
    public Enrolment(SshConnector connector) {
        this(connector::probeHostKey, connector.settings().knownHosts());
    }

    Enrolment(Function<SshTarget, HostKey> probe, Path knownHosts) {
        this.probe = probe;
        this.knownHosts = knownHosts;
    }

    /**
     * Enrols {@code target}: {@code confirm} is asked only for a key that may be pinned. A target that cannot be
     * reached is a {@link RemoteException}.
     *
     * @param comment  the comment of a new known_hosts line
     */
    public Result enrol(SshTarget target, String comment, Predicate<HostKey> confirm) {
        HostKey offered = probe.apply(target);
        String alias = target.hostKeyAlias();
        List<HostKey> pinned = KnownHosts.read(knownHosts).keysFor(alias);
        Outcome outcome;
        if (pinned.contains(offered)) {
            outcome = Outcome.ALREADY_PINNED;
        } else if (!pinned.isEmpty()) {
            outcome = Outcome.REFUSED_CHANGED;
        } else if (confirm.test(offered)) {
            KnownHosts.pin(knownHosts, alias, offered, comment);
            outcome = Outcome.PINNED;
        } else {
            outcome = Outcome.NOT_CONFIRMED;
        }
        return new Result(target, alias, outcome, offered, pinned, knownHosts);
    }
}
