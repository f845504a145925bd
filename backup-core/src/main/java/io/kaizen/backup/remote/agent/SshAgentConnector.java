package io.kaizen.backup.remote.agent;

import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.RemoteException;
import io.kaizen.backup.remote.SshConnector;
import io.kaizen.backup.remote.SshSession;
import io.kaizen.backup.remote.SshTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/** Runs {@code kaizen-agent 1} over SSH; on the node, the forced command turns that into {@code kaizen serve}. */
public final class SshAgentConnector implements AgentConnector {
    private static final Duration STDERR_GRACE = Duration.ofSeconds(1);
    private final SshConnector ssh;

    public SshAgentConnector(SshConnector ssh) {
        this.ssh = ssh;
    }

    @Override
    public AgentSession open(SshTarget target, BandwidthLimit limit, Consumer<String> warnings) {
        SshSession session = ssh.connect(target, warnings);
        SshSession.RemoteCommand command = null;
        try {
            command = session.start(AgentProtocol.command());
            AgentClient client = new AgentClient(limit.throttle(command.stdout()), command.stdin());
            return new Session(session, command, client);
        } catch (IOException | RuntimeException e) {
            String stderr = command == null ? "" : waitForStderr(command);
            session.close();
            if (e instanceof RemoteException remote && !(e instanceof AgentException)) {
                throw remote;
            }
            String said = stderr.isBlank() ? e.getMessage() : stderr.replace('\n', ' ');
            throw new RemoteException(RemoteException.Kind.REFUSED, target + ": the agent did not start: " + said, e);
        }
    }

    /** The agent's last words: its stderr once the node closed the channel, or after a short grace. */
    private static String waitForStderr(SshSession.RemoteCommand command) {
        try {
            command.awaitEnd(STDERR_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return command.stderr();
    }

    private record Session(SshSession session, SshSession.RemoteCommand command, AgentClient client)
            implements AgentSession {
        @Override
        public void abort() {
            session.close();
        }

        @Override
        public String diagnostics() {
            return command.stderr();
        }

        @Override
        public void close() {
            try {
                if (session.isConnected()) {
                    client.bye();
                }
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
            command.close();
            session.close();
        }
    }
}
