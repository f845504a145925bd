package io.kaizen.backup.remote;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * JSch's view of our known_hosts for one connection. It answers for exactly one target (whatever name JSch
 * asks with), records the key the node presented, and never adds anything itself: pinning (on first use, or a
 * node's address pin re-pinned under its name) is done by {@link SshConnector} after the connection succeeded.
 *
 * <p>The key is looked up under the target's host-key alias. For a node ({@link SshTarget#nodeAlias}) with no key
 * pinned under its name, a key pinned under its address is accepted ({@link Verdict#MATCHED_BY_ADDRESS}: the
 * known_hosts files of earlier releases) when the target allows it ({@link SshTarget#addressPinAccepted}) and
 * that key is not pinned for another node: a key pinned for a node is never accepted for a target with nothing
 * pinned under its own alias, nor pinned for it on first use.
 */
final class PinnedHostKeys implements HostKeyRepository {
    /** What the check concluded. */
    enum Verdict {
        NOT_CHECKED, MATCHED,
        /** Nothing is pinned under the node's name, the key pinned under its address matches. */
        MATCHED_BY_ADDRESS,
        UNKNOWN, CHANGED, REVOKED,
        /** Nothing is pinned under the node's name, and the key is pinned for another node. */
        CLAIMED
    }

    /**
     * What one presented key meets in known_hosts.
     *
     * @param under   the name the key was compared under: the alias, or for {@link Verdict#MATCHED_BY_ADDRESS}
     *                and a key that differs from the address pin, the address
     * @param pinned  the keys pinned under {@code under}
     * @param others  for {@link Verdict#CLAIMED}, the other nodes' aliases the key is pinned under
     */
    record Check(Verdict verdict, String under, List<HostKey> pinned, List<String> others) {
        Check {
            pinned = List.copyOf(pinned);
            others = List.copyOf(others);
        }
    }

    private final KnownHosts known;
    private final SshTarget target;
    private final boolean trustUnknown;
    private HostKey presented;
    private Check check;

    PinnedHostKeys(KnownHosts known, SshTarget target, boolean trustUnknown) {
        this.known = known;
        this.target = target;
        this.trustUnknown = trustUnknown;
    }

    /** The pure decision: what {@code presented} meets in {@code known} for {@code target}. */
    static Check check(KnownHosts known, SshTarget target, HostKey presented) {
        String alias = target.hostKeyAlias();
        List<HostKey> byAlias = known.keysFor(alias);
        if (known.isRevoked(presented)) {
            return new Check(Verdict.REVOKED, alias, byAlias, List.of());
        }
        if (!byAlias.isEmpty()) {
            return new Check(byAlias.contains(presented) ? Verdict.MATCHED : Verdict.CHANGED, alias, byAlias, List.of());
        }
        List<String> others = known.otherNodesPinning(presented, alias);
        if (!others.isEmpty()) {
            return new Check(Verdict.CLAIMED, alias, byAlias, others);
        }
        List<HostKey> byAddress = byAddress(known, target);
        if (byAddress.isEmpty()) {
            return new Check(Verdict.UNKNOWN, alias, byAlias, List.of());
        }
        return new Check(byAddress.contains(presented) ? Verdict.MATCHED_BY_ADDRESS : Verdict.CHANGED,
                target.addressAlias(), byAddress, List.of());
    }

    /** The keys pinned under the target's address, where that pin is accepted (none elsewhere). */
    private static List<HostKey> byAddress(KnownHosts known, SshTarget target) {
        return target.addressPinAccepted() && !target.addressAlias().equals(target.hostKeyAlias())
                ? known.keysFor(target.addressAlias()) : List.of();
    }

    @Override
    public synchronized int check(String host, byte[] key) {
        presented = new HostKey(key);
        check = check(known, target, presented);
        return switch (check.verdict()) {
            case MATCHED, MATCHED_BY_ADDRESS -> OK;
            case UNKNOWN -> trustUnknown ? OK : NOT_INCLUDED;
            default -> CHANGED;
        };
    }

    synchronized HostKey presented() {
        return presented;
    }

    synchronized Verdict verdict() {
        return check == null ? Verdict.NOT_CHECKED : check.verdict();
    }

    /** The keys the target is checked against: those under its alias, else (a node) those under its address. */
    List<HostKey> pinned() {
        List<HostKey> byAlias = known.keysFor(target.hostKeyAlias());
        return byAlias.isEmpty() ? byAddress(known, target) : byAlias;
    }

    /** Whether a key is pinned under the target's address that the target does not accept (a shared address). */
    private boolean sharedAddressPin() {
        return !target.addressPinAccepted() && target.hostKeyAlias().startsWith(SshTarget.NODE_ALIAS_PREFIX)
                && !known.keysFor(target.addressAlias()).isEmpty();
    }

    /** The target as an operator knows it: a node by its name, anything else by its alias. */
    static String describe(String alias) {
        return alias.startsWith(SshTarget.NODE_ALIAS_PREFIX)
                ? "node " + alias.substring(SshTarget.NODE_ALIAS_PREFIX.length()) : alias;
    }

    /**
     * The message for a refused key, naming the node (or alias), the file and the fingerprints. It speaks of
     * known_hosts only: how a key gets pinned (enrolment, trust on first use) is for the caller to add.
     */
    synchronized String refusal() {
        String offered = presented == null ? "(none)" : presented.describe();
        String who = describe(target.hostKeyAlias());
        if (check == null) {
            return "host key of " + who + " was not accepted";
        }
        String where = check.under().equals(target.hostKeyAlias()) ? "pinned for it"
                : "pinned for its address " + check.under();
        return switch (check.verdict()) {
            case UNKNOWN -> who + " has no pinned host key in " + known.file() + " (it offers " + offered + ")"
                    + (sharedAddressPin() ? "; the key pinned for its address " + target.addressAlias() + " is not "
                    + "accepted, as another node has that address too" : "") + "; refusing to connect";
            case REVOKED -> "host key of " + who + " is marked @revoked in " + known.file() + ": " + offered;
            case CHANGED -> "HOST KEY CHANGED for " + who + ": the key it offers, " + offered
                    + ", does not match the key " + where + " in " + known.file() + " (" + check.pinned().stream()
                    .map(HostKey::describe).collect(Collectors.joining(", ")) + "); refusing to connect. If the host was "
                    + "reinstalled, verify the new key out of band and replace the old line";
            case CLAIMED -> who + " offers the host key of another node: " + offered + " is pinned for "
                    + check.others().stream().map(PinnedHostKeys::describe).collect(Collectors.joining(", ")) + " in "
                    + known.file() + ", and nothing for " + who + " (two nodes at one address, or one impersonating "
                    + "the other); refusing to connect";
            default -> "host key of " + who + " was not accepted";
        };
    }

    @Override
    public void add(com.jcraft.jsch.HostKey hostkey, UserInfo ui) {
        // pinning is explicit (SshConnector), never a side effect of a check
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return known.file().toString();
    }

    @Override
    public com.jcraft.jsch.HostKey[] getHostKey() {
        return getHostKey(target.hostKeyAlias(), null);
    }

    @Override
    public com.jcraft.jsch.HostKey[] getHostKey(String host, String type) {
        List<com.jcraft.jsch.HostKey> keys = new ArrayList<>();
        for (HostKey key : pinned()) {
            if (type == null || type.equals(key.type())) {
                try {
                    keys.add(new com.jcraft.jsch.HostKey(target.hostKeyAlias(), key.blob()));
                } catch (JSchException e) {
                    // a key type JSch does not know cannot be negotiated anyway
                }
            }
        }
        return keys.toArray(new com.jcraft.jsch.HostKey[0]);
    }
}
