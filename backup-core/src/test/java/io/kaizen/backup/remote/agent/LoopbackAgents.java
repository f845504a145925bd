package io.kaizen.backup.remote.agent;

import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.RemoteException;
import io.kaizen.backup.remote.SshTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Test connector: each node (by host name) is a peer served on a loopback TCP socket by a thread of this JVM,
 * either a real {@link AgentServer} or a test double. No SSH; for tests of the protocol and the collector's
 * handling of what peers send. Sockets make both ends independent of which thread reads or writes.
 */
public final class LoopbackAgents implements AgentConnector {
    /** Serves one connection on the given streams. */
    @FunctionalInterface
    public interface Peer {
        void serve(InputStream in, OutputStream out) throws IOException;
    }

    private final Map<String, Peer> peers = new ConcurrentHashMap<>();

    public LoopbackAgents add(String host, Peer peer) {
        peers.put(host, peer);
        return this;
    }

    @Override
    public AgentSession open(SshTarget target, BandwidthLimit limit, Consumer<String> warnings) {
        Peer peer = peers.get(target.host());
        if (peer == null) {
            throw new RemoteException(RemoteException.Kind.UNREACHABLE, target + ": unreachable: no such test node");
        }
        try {
            ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> {
                try (server; Socket socket = server.accept()) {
                    peer.serve(socket.getInputStream(), socket.getOutputStream());
                } catch (IOException | RuntimeException e) {
                    // the peer's connection ended
                }
            }, "test-peer-" + target.host());
            thread.setDaemon(true);
            thread.start();
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            AgentClient client = new AgentClient(limit.throttle(socket.getInputStream()), socket.getOutputStream());
            return new AgentSession() {
                @Override
                public AgentClient client() {
                    return client;
                }

                @Override
                public void abort() {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // closed
                    }
                }

                @Override
                public String diagnostics() {
                    return "";
                }

                @Override
                public void close() {
                    abort();
                }
            };
        } catch (IOException e) {
            throw new RemoteException(RemoteException.Kind.REFUSED, target + ": " + e.getMessage(), e);
        }
    }
}
