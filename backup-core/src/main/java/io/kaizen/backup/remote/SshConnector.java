package io.kaizen.backup.remote;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.Session;
import io.kaizen.backup.ConfigException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Opens SSH sessions with the policy of this package: our key only (public-key authentication, no agent, no
 * passwords), our known_hosts only with strict checking, timeouts and keepalives. Thread-safe; one instance
 * serves every node of a run.
 */
public final class SshConnector {
    private static final Object PIN_LOCK = new Object();
    private final SshSettings settings;

    public SshConnector(SshSettings settings) {
        this.settings = settings;
    }

    public SshSettings settings() {
        return settings;
    }

    /** An authenticated session to {@code target}, or a {@link RemoteException} saying why not. */
    public SshSession connect(SshTarget target) {
        if (settings.identity() == null) {
            throw new ConfigException("no private key given (--identity FILE or 'identity:' in the config)");
        }
        if (!Files.isReadable(settings.identity())) {
            throw new ConfigException("private key " + settings.identity() + " does not exist or is not readable");
        }
        KnownHosts known = KnownHosts.read(settings.knownHosts());
        PinnedHostKeys keys = new PinnedHostKeys(known, target.knownHostsName(), settings.acceptNew());
        Session session = newSession(target, keys, true);
        try {
            session.connect(millis(settings.connectTimeout()));
        } catch (JSchException e) {
            session.disconnect();
            throw classify(target, keys, e);
        }
        if (keys.verdict() == PinnedHostKeys.Verdict.UNKNOWN) {
            pin(target, keys.presented(), "pinned on first use (--accept-new)");
        }
        return new SshSession(session, target, millis(settings.connectTimeout()));
    }

    /** The host key {@code target} presents, fetched without authenticating (for enrolment). */
    public HostKey probeHostKey(SshTarget target) {
        PinnedHostKeys keys = new PinnedHostKeys(KnownHosts.read(java.nio.file.Path.of("/dev/null")),
                target.knownHostsName(), false);
        Session session = newSession(target, keys, false);
        try {
            session.connect(millis(settings.connectTimeout()));
        } catch (JSchException e) {
            if (keys.presented() != null) {
                return keys.presented();
            }
            throw classify(target, keys, e);
        } finally {
            session.disconnect();
        }
        throw new RemoteException(RemoteException.Kind.PROTOCOL, target + ": no host key was offered");
    }

    /** Appends {@code key} for {@code target} to our known_hosts (serialised across threads). */
    public void pin(SshTarget target, HostKey key, String comment) {
        synchronized (PIN_LOCK) {
            KnownHosts known = KnownHosts.read(settings.knownHosts());
            if (known.keysFor(target.knownHostsName()).contains(key)) {
                return;
            }
            try {
                KnownHosts.append(settings.knownHosts(), target.knownHostsName(), key, comment);
            } catch (IOException e) {
                throw new RemoteException(RemoteException.Kind.HOST_KEY_UNKNOWN, "cannot pin the host key of "
                        + target + " in " + settings.knownHosts() + ": " + e.getMessage(), e);
            }
        }
    }

    private Session newSession(SshTarget target, PinnedHostKeys keys, boolean withIdentity) {
        try {
            JSch jsch = new JSch();
            if (withIdentity) {
                jsch.addIdentity(settings.identity().toString());
            }
            jsch.setHostKeyRepository(keys);
            String host = target.host().startsWith("[") ? target.host().substring(1, target.host().length() - 1) : target.host();
            Session session = jsch.getSession(target.user(), host, target.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("HashKnownHosts", "no");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("server_host_key", hostKeyAlgorithms(keys.pinned()));
            session.setServerAliveInterval(millis(settings.keepAlive()));
            session.setServerAliveCountMax(3);
            return session;
        } catch (JSchException e) {
            throw new ConfigException("cannot use private key " + settings.identity() + ": " + e.getMessage(), e);
        }
    }

    /** Only the algorithms of the pinned key types when some are pinned (so a pinned host is never asked for another type). */
    static String hostKeyAlgorithms(List<HostKey> pinned) {
        List<String> all = Arrays.asList(JSch.getConfig("server_host_key").split(","));
        if (pinned.isEmpty()) {
            return String.join(",", all);
        }
        List<String> types = pinned.stream().map(HostKey::type).distinct().toList();
        String chosen = all.stream().filter(a -> types.stream().anyMatch(t -> algorithmFor(a, t)))
                .collect(Collectors.joining(","));
        return chosen.isEmpty() ? String.join(",", all) : chosen;
    }

    private static boolean algorithmFor(String algorithm, String keyType) {
        return algorithm.equals(keyType) || (keyType.equals("ssh-rsa") && algorithm.startsWith("rsa-sha2-"));
    }

    private RemoteException classify(SshTarget target, PinnedHostKeys keys, JSchException e) {
        if (e instanceof JSchHostKeyException || (keys.verdict() != PinnedHostKeys.Verdict.MATCHED
                && keys.verdict() != PinnedHostKeys.Verdict.NOT_CHECKED
                && !(keys.verdict() == PinnedHostKeys.Verdict.UNKNOWN && settings.acceptNew()))) {
            RemoteException.Kind kind = keys.verdict() == PinnedHostKeys.Verdict.UNKNOWN
                    ? RemoteException.Kind.HOST_KEY_UNKNOWN : RemoteException.Kind.HOST_KEY_CHANGED;
            return new RemoteException(kind, target + ": " + keys.refusal(), e);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable cause = e.getCause();
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new RemoteException(RemoteException.Kind.AUTH_REFUSED, target + ": authentication refused (is our "
                    + "public key in the node's authorized_keys for " + target.user() + "?): " + message, e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException) {
            return new RemoteException(RemoteException.Kind.UNREACHABLE, target + ": unreachable: " + cause.getMessage(), e);
        }
        if (cause instanceof SocketTimeoutException || message.toLowerCase(Locale.ROOT).contains("timeout")
                || message.toLowerCase(Locale.ROOT).contains("timed out")) {
            return new RemoteException(RemoteException.Kind.TIMEOUT, target + ": no SSH answer within "
                    + settings.connectTimeout().toSeconds() + "s (" + message + ")", e);
        }
        return new RemoteException(RemoteException.Kind.UNREACHABLE, target + ": SSH connection failed: " + message, e);
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
