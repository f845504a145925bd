package io.kaizen.backup.cli;

import io.kaizen.backup.config.CollectorConfig;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.HostKey;
import io.kaizen.backup.remote.KnownHosts;
import io.kaizen.backup.remote.RemoteException;
import io.kaizen.backup.remote.SshConnector;
import io.kaizen.backup.remote.SshSettings;
import java.io.Console;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "enroll", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Fetch each inventory node's SSH host key and show its fingerprint; pin it in the collector's known_hosts on confirmation (or with --yes). Compare the fingerprints with the nodes' own ('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' on the node) before pinning.",
                "",
                "A node whose pinned key differs from the one it offers is reported with both fingerprints and never re-pinned: if the node was reinstalled, remove its old line from known_hosts by hand, then enroll again. Exit status 1 if any node was unreachable or offers a changed key."},
        footer = {"", "Example:  kaizen enroll --inventory /etc/kaizen/nodes.yaml --known-hosts /etc/kaizen/known_hosts --yes"})
final class EnrollCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    InventoryOption inventoryOption;

    @Mixin
    SshOptions ssh;

    @Option(names = {"-y", "--yes"}, description = "Pin every new key without asking.")
    boolean yes;

    @Override
    public Integer call() {
        Output output = common.output(spec);
        Optional<CollectorConfig> config = InventoryOption.collectorConfig(common.config);
        Inventory inventory = inventoryOption.load(config);
        SshSettings settings = ssh.settings(config, false);
        SshConnector connector = new SshConnector(settings);
        Console console = System.console();
        int failures = 0;
        for (Node node : inventory.nodes()) {
            String name = node.target().knownHostsName();
            HostKey offered;
            try {
                offered = connector.probeHostKey(node.target());
            } catch (RemoteException e) {
                output.problem("kaizen enroll: " + node.name() + ": " + e.getMessage());
                failures++;
                continue;
            }
            List<HostKey> pinned = KnownHosts.read(settings.knownHosts()).keysFor(name);
            String line = node.name() + " " + name + " " + offered.describe();
            if (pinned.contains(offered)) {
                output.log(line + ": already pinned");
            } else if (!pinned.isEmpty()) {
                output.problem("kaizen enroll: " + node.name() + ": HOST KEY CHANGED: pinned " + pinned.stream()
                        .map(HostKey::describe).collect(Collectors.joining(", ")) + ", node offers " + offered.describe()
                        + "; not changed (remove the old line from " + settings.knownHosts() + " if the change is expected)");
                failures++;
            } else if (yes || (console != null && confirm(console, line))) {
                connector.pin(node.target(), offered, "kaizen-enroll " + node.name());
                output.log(line + ": pinned in " + settings.knownHosts());
            } else {
                output.log(line + ": NOT pinned (confirm, or re-run with --yes)");
            }
        }
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static boolean confirm(Console console, String line) {
        String answer = console.readLine("%s%nPin this key? [y/N] ", line);
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }
}
