package io.kaizen.backup.remote;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * JSch's view of our known_hosts for one connection. It answers for exactly one target (whatever name JSch
 * asks with), records the key the node presented, and never adds anything itself: pinning on first use is done
 * by {@link SshConnector} after the connection succeeded, and only when the caller asked for it.
 */
final class PinnedHostKeys implements HostKeyRepository {
    /** What the check concluded. */
    enum Verdict { NOT_CHECKED, MATCHED, UNKNOWN, CHANGED, REVOKED }

    private final KnownHosts known;
    private final String name;
    private final boolean trustUnknown;
    private HostKey presented;
    private Verdict verdict = Verdict.NOT_CHECKED;

    PinnedHostKeys(KnownHosts known, String name, boolean trustUnknown) {
        this.known = known;
        this.name = name;
        this.trustUnknown = trustUnknown;
    }

    @Override
    public synchronized int check(String host, byte[] key) {
        presented = new HostKey(key);
        List<HostKey> pinned = known.keysFor(name);
        if (known.isRevoked(presented)) {
            verdict = Verdict.REVOKED;
            return CHANGED;
        }
        if (pinned.contains(presented)) {
            verdict = Verdict.MATCHED;
            return OK;
        }
        if (pinned.isEmpty()) {
            verdict = Verdict.UNKNOWN;
            return trustUnknown ? OK : NOT_INCLUDED;
        }
        verdict = Verdict.CHANGED;
        return CHANGED;
    }

    synchronized HostKey presented() {
        return presented;
    }

    synchronized Verdict verdict() {
        return verdict;
    }

    List<HostKey> pinned() {
        return known.keysFor(name);
    }

    /**
     * The message for a refused key, naming the file and both fingerprints. It speaks of known_hosts only: how a
     * key gets pinned (enrolment, trust on first use) is for the caller to add.
     */
    String refusal() {
        String offered = presented == null ? "(none)" : presented.describe();
        return switch (verdict()) {
            case UNKNOWN -> name + " has no pinned host key in " + known.file() + " (it offers " + offered
                    + "); refusing to connect";
            case REVOKED -> "host key of " + name + " is marked @revoked in " + known.file() + ": " + offered;
            case CHANGED -> "HOST KEY CHANGED for " + name + ": the key it offers, " + offered
                    + ", does not match the key pinned in " + known.file() + " (" + pinned().stream()
                    .map(HostKey::describe).collect(Collectors.joining(", ")) + "); refusing to connect. If the host was "
                    + "reinstalled, verify the new key out of band and replace the old line";
            default -> "host key of " + name + " was not accepted";
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
        return getHostKey(name, null);
    }

    @Override
    public com.jcraft.jsch.HostKey[] getHostKey(String host, String type) {
        List<com.jcraft.jsch.HostKey> keys = new ArrayList<>();
        for (HostKey key : pinned()) {
            if (type == null || type.equals(key.type())) {
                try {
                    keys.add(new com.jcraft.jsch.HostKey(name, key.blob()));
                } catch (JSchException e) {
                    // a key type JSch does not know cannot be negotiated anyway
                }
            }
        }
        return keys.toArray(new com.jcraft.jsch.HostKey[0]);
    }
}
