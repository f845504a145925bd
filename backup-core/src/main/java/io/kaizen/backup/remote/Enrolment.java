package io.kaizen.backup.remote;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Enrolment: fetches the host key a target offers and pins it in our known_hosts, under the target's alias (a
 * node's name), when nothing is pinned for the target yet and the caller confirms it. A key already pinned is
 * left alone; a node's key pinned only under its address is pinned under its name without asking; a target whose
 * pinned key differs from the one it offers, or that offers a key pinned for another node, is refused and never
 * re-pinned (a reinstalled host needs its old line removed by hand, after its new key was checked out of band).
 * The decision is the collector's ({@link PinnedHostKeys#check}).
 */
public final class Enrolment {
    /** What enrolment did for one target. */
    public enum Outcome {
        /** The offered key was pinned now. */
        PINNED,
        /** The offered key was pinned already. */
        ALREADY_PINNED,
        /** The offered key was pinned under the node's address only; now under its name too. */
        REPINNED,
        /** Nothing was pinned for the target and the caller did not confirm the offered key. */
        NOT_CONFIRMED,
        /**
         * Another key is pinned for the target (or, for a node with nothing under its name, its address): refused,
         * nothing changed.
         */
        REFUSED_CHANGED,
        /** The offered key is revoked: refused, nothing changed. */
        REFUSED_REVOKED,
        /** The offered key is pinned for another node and nothing for this one: refused, nothing changed. */
        REFUSED_CLAIMED
    }

    /**
     * The result for one target.
     *
     * @param alias       the name the key is pinned under in {@code knownHosts}
     * @param offered     the key the target offers
     * @param pinned      the keys it was compared with before enrolment: under the alias, or (for a node with
     *                    nothing pinned under its name) under its address
     * @param claimedBy   for {@link Outcome#REFUSED_CLAIMED}, the other nodes' aliases the offered key is pinned under
     */
    public record Result(SshTarget target, String alias, Outcome outcome, HostKey offered, List<HostKey> pinned,
                         List<String> claimedBy, Path knownHosts) {
        public Result {
            pinned = List.copyOf(pinned);
            claimedBy = List.copyOf(claimedBy);
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
        PinnedHostKeys.Check check = PinnedHostKeys.check(KnownHosts.read(knownHosts), target, offered);
        Outcome outcome = switch (check.verdict()) {
            case MATCHED -> Outcome.ALREADY_PINNED;
            case MATCHED_BY_ADDRESS -> {
                KnownHosts.pin(knownHosts, alias, offered, comment);
                yield Outcome.REPINNED;
            }
            case CHANGED -> Outcome.REFUSED_CHANGED;
            case REVOKED -> Outcome.REFUSED_REVOKED;
            case CLAIMED -> Outcome.REFUSED_CLAIMED;
            case UNKNOWN, NOT_CHECKED -> {
                if (!confirm.test(offered)) {
                    yield Outcome.NOT_CONFIRMED;
                }
                KnownHosts.pin(knownHosts, alias, offered, comment);
                yield Outcome.PINNED;
            }
        };
        return new Result(target, alias, outcome, offered, check.pinned(), check.others(), knownHosts);
    }
}
