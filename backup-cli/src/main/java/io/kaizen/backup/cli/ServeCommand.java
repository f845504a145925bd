package io.kaizen.backup.cli;

import ch.qos.logback.classic.Level;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.remote.agent.AgentServer;
import io.kaizen.backup.remote.agent.ForcedCommand;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.StoreLock;
import io.kaizen.backup.store.StoreLockedException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "The node's agent: the SSH forced command of the backup user. Serves STORE read-only to a collector over stdin/stdout.",
                "",
                "It reads the command the client asked for from SSH_ORIGINAL_COMMAND and runs exactly one of: the kaizen agent protocol ('kaizen-agent 1': list complete snapshots, manifests, sums, file lists, file contents, deltas), or, with --allow-rsync only, an rsync sender ('/usr/bin/rsync --server --sender ...') for paths inside complete snapshots of STORE. Everything else is refused: an interactive shell, other commands, rsync unless allowed, writes, paths outside the store, '..', symlinked parents, wildcards, partial snapshots. One session per store at a time: a second one is refused while the first runs."},
        footerHeading = "%nSet-up on a node (see README, 'Collection'):%n",
        footer = {
                "  ~kaizen-backup/.ssh/authorized_keys:",
                "    restrict,command=\"sudo -n /usr/local/bin/kaizen serve --store /backups\" ssh-ed25519 AAAA... collector",
                "  /etc/sudoers.d/kaizen-backup:",
                "    Defaults:kaizen-backup env_keep += \"SSH_ORIGINAL_COMMAND\"",
                "    kaizen-backup ALL=(root) NOPASSWD: /usr/local/bin/kaizen serve --store /backups",
                "",
                "Example (what a collector runs, by hand):  ssh kaizen-backup@node rsync ... ; kaizen collect ..."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "STORE", required = true, description = "The store to serve (e.g. /backups).")
    Path store;

    @Option(names = "--host", paramLabel = "NAME", description = "Host name to greet with (default: this host's name).")
    String host;

    @Option(names = "--allow-rsync", description = "Also serve rsync senders (rsync server mode, off by default: the "
            + "collector never needs it; a plain 'rsync -e ssh node:...' does).")
    boolean allowRsync;

    @Override
    public Integer call() throws IOException {
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        ConsoleLogging.setRootLevel(Level.OFF);
        SnapshotStore snapshots = SnapshotStore.at(store);
        if (!snapshots.exists()) {
            spec.commandLine().getErr().println("kaizen serve: refused: no store at " + snapshots.root());
            return ExitCodes.USAGE;
        }
        ForcedCommand.Decision decision;
        try {
            decision = ForcedCommand.decide(System.getenv("SSH_ORIGINAL_COMMAND"), snapshots.root(),
                    name -> snapshots.find(name).filter(s -> s.dir().getFileName().toString().equals(name.toString()))
                            .isPresent(), allowRsync);
        } catch (ForcedCommand.Refused e) {
            spec.commandLine().getErr().println("kaizen serve: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String name = host != null ? host : LocalHost.name();
        try (StoreLock session = snapshots.serveLock(StoreLock.Holder.currentProcess(name, root.clock().instant()))) {
            if (decision instanceof ForcedCommand.Rsync rsync) {
                return ChildProcess.runAttached(rsync.argv());
            }
            new AgentServer(snapshots, root.clock(), name).serve(new FileInputStream(FileDescriptor.in), protocol);
            protocol.flush();
            return ExitCodes.OK;
        } catch (StoreLockedException e) {
            spec.commandLine().getErr().println("kaizen serve: refused: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
