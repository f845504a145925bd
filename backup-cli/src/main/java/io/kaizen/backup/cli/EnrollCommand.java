package io.kaizen.backup.cli;

import io.kaizen.backup.config.CollectorConfig;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.Enrolment;
import io.kaizen.backup.remote.HostKey;
import io.kaizen.backup.remote.RemoteException;
import io.kaizen.backup.remote.SshConnector;
import java.io.Console;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "enroll", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Fetch each inventory node's SSH host key and show its fingerprint; pin it in the collector's known_hosts on confirmation (or with --yes). Compare the fingerprints with the nodes' own ('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' on the node) before pinning.",
                "",
                "Keys are pinned under the node's name (kaizen-node:NAME), never under its address; a key pinned by an earlier release under the node's address only is pinned under its name without asking.",
                "",
                "A node whose pinned key differs from the one it offers is reported with both fingerprints and never re-pinned: if the node was reinstalled, remove its old line from known_hosts by hand, then enroll again. A node that offers the key pinned for another node is refused. Exit status 1 if any node was unreachable, offers a changed, revoked or another node's key."},
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
        Enrolment enrolment = new Enrolment(new SshConnector(ssh.settings(config, false)));
        Console console = System.console();
        int failures = 0;
        for (Node node : inventory.nodes()) {
            Enrolment.Result result;
            try {
                result = enrolment.enrol(node.targetAmong(inventory.nodes()), "kaizen-enroll " + node.name(),
                        offered -> yes || (console != null && confirm(console, line(node, node.target().hostKeyAlias(), offered))));
            } catch (RemoteException e) {
                output.problem("kaizen enroll: " + node.name() + ": " + e.getMessage());
                failures++;
                continue;
            }
            String line = line(node, result.alias(), result.offered());
            switch (result.outcome()) {
                case ALREADY_PINNED -> output.log(line + ": already pinned");
                case REFUSED_CHANGED -> {
                    output.problem("kaizen enroll: " + node.name() + ": HOST KEY CHANGED: pinned " + result.pinned().stream()
                            .map(HostKey::describe).collect(Collectors.joining(", ")) + ", node offers "
                            + result.offered().describe() + "; not changed (remove the old line from " + result.knownHosts()
                            + " if the change is expected)");
                    failures++;
                }
                case REFUSED_REVOKED -> {
                    output.problem("kaizen enroll: " + node.name() + ": offers " + result.offered().describe()
                            + ", which is marked @revoked in " + result.knownHosts() + "; not pinned");
                    failures++;
                }
                case REFUSED_CLAIMED -> {
                    output.problem("kaizen enroll: " + node.name() + ": offers " + result.offered().describe()
                            + ", the host key pinned for " + String.join(", ", result.claimedBy()) + " in "
                            + result.knownHosts() + " (two nodes at one address, or one impersonating the other); not pinned");
                    failures++;
                }
                case PINNED -> output.log(line + ": pinned in " + result.knownHosts());
                case REPINNED -> output.log(line + ": was pinned under its address " + node.target().addressAlias()
                        + " only; now pinned under " + result.alias() + " in " + result.knownHosts());
                case NOT_CONFIRMED -> output.log(line + ": NOT pinned (confirm, or re-run with --yes)");
            }
        }
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static String line(Node node, String alias, HostKey offered) {
        return node.name() + " " + alias + " " + offered.describe();
    }

    private static boolean confirm(Console console, String line) {
        String answer = console.readLine("%s%nPin this key? [y/N] ", line);
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }
}
