package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.OwnerOnly;
import io.kaizen.backup.remote.CommandOutcome;
import io.kaizen.backup.remote.SshConnector;
import io.kaizen.backup.remote.SshSettings;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.store.DumpFile;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A command run over SSH on a device that cannot run kaizen itself (a switch's {@code show running-config}):
 * its stdout becomes {@code dumps/NAME/output}. The host key must be pinned in the settings' known_hosts (an
 * unknown key is refused too), the login is by key, and the whole exchange is bounded by {@code timeout}. Empty output, a non-zero exit, a refused key or
 * login, or a timeout fail the source. The result says whether the output changed since the newest earlier
 * snapshot; an unchanged output is a hard link to that snapshot's file, as an unchanged path would be.
 */
public record SshCommandSource(String name, SshTarget target, SshSettings settings, String command, Duration timeout)
        implements Source {
    public static final String OUTPUT = "output";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public SshCommandSource {
        DumpNames.check("ssh-command", name);
        if (command == null || command.isBlank()) {
            throw new ConfigException("ssh-command " + name + " needs a command (e.g. \"show running-config\")");
        }
        if (settings == null || settings.identity() == null) {
            throw new ConfigException("ssh-command " + name + " needs an identity (private key) and a known-hosts file");
        }
        if (settings.acceptNew()) {
            throw new ConfigException("ssh-command " + name + ": the device's host key must be pinned beforehand");
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException("ssh-command " + name + ": timeout must be positive");
        }
    }

    @Override
    public String kind() {
        return "ssh-command";
    }

    @Override
    public void preflight() {
        for (Path file : List.of(settings.identity(), settings.knownHosts())) {
            if (!Files.isReadable(file)) {
                throw new ConfigException("ssh-command " + name + ": " + file + " does not exist or is not readable");
            }
        }
    }

    @Override
    public SourceResult capture(CaptureContext context) {
        DumpDirectory dir = null;
        try {
            dir = DumpDirectory.create(context.partial(), name);
            Path file = OwnerOnly.file(dir.file(OUTPUT));
            CommandOutcome outcome;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                outcome = new SshConnector(settings).exec(target, command, out, timeout);
            }
            long bytes = Files.size(file);
            String problem = outcome.exitStatus() != 0
                    ? "'" + command + "' on " + target + " exited with " + outcome.exitStatus() + ": "
                            + outcome.lastError()
                    : bytes == 0 ? "'" + command + "' on " + target + " printed nothing"
                            + (outcome.stderr().isBlank() ? "" : ": " + outcome.lastError())
                    : null;
            if (problem != null) {
                return failed(dir, problem);
            }
            Optional<Path> previous = previousOutput(context);
            Boolean changed = null;
            if (previous.isPresent()) {
                changed = Files.mismatch(previous.get(), file) != -1;
                if (!changed) {
                    Files.delete(file);
                    Files.createLink(file, previous.get());
                }
            }
            DumpFile dumped = new DumpFile(dir.relative(OUTPUT), bytes, "kaizen ssh-command (" + outcome.clientVersion()
                    + ")", outcome.serverVersion(), List.of());
            return new SourceResult(kind(), name, RunStatus.SUCCEEDED, null, List.of(dumped), changed, null);
        } catch (IOException | KaizenException e) {
            return dir == null ? new SourceResult(kind(), name, RunStatus.FAILED, e.getMessage()) : failed(dir, e.getMessage());
        }
    }

    private SourceResult failed(DumpDirectory dir, String message) {
        String full = message + dir.remove(OUTPUT);
        dir.removeIfEmpty();
        return new SourceResult(kind(), name, RunStatus.FAILED, full);
    }

    /** This source's output in the newest earlier snapshot that has one. */
    private Optional<Path> previousOutput(CaptureContext context) {
        return context.linkDests().stream()
                .map(snapshot -> snapshot.resolve(DumpSource.DUMPS_DIR).resolve(name).resolve(OUTPUT))
                .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .findFirst();
    }
}
