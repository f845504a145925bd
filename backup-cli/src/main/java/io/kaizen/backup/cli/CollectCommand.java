package io.kaizen.backup.cli;

import io.kaizen.backup.collect.CollectJob;
import io.kaizen.backup.collect.CollectListener;
import io.kaizen.backup.collect.CollectReport;
import io.kaizen.backup.collect.CollectRequest;
import io.kaizen.backup.collect.NodeResult;
import io.kaizen.backup.config.CollectorConfig;
import io.kaizen.backup.config.CollectorSettings;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.RemoteException;
import io.kaizen.backup.retention.Decision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "collect", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Pull every inventory node's newest complete snapshot over SSH into DEST/NODE/DATE (the node's snapshot as the node made it: same manifest and SHA256SUMS), hard-linked against the previous copy of that node; changed files travel as deltas. Every name, size and count a node sends is checked before anything is written, and every file against the node's sums; the copy appears only when complete (atomic rename).",
                "",
                "Nodes are pulled in parallel (--parallel). A node still writing today's snapshot gives its newest complete one. A node is stale when its newest good snapshot finished longer than --max-age ago by the node's own clock. Retention runs per node after a successful pull (default: keep 8 days; the newest copies are never deleted). Host keys must be pinned in --known-hosts (kaizen enroll), or --accept-new pins unknown ones; a changed key is always refused.",
                "",
                "Collection is append-only: a node that shows a collected snapshot with other content, or a snapshot dated after tomorrow, is refused and named; devices and set-id bits are recorded in the copy's .kaizen/specials, file capabilities, SELinux labels and trusted. attributes in .kaizen/xattrs, not made live (see --preserve-devices).",
                "",
                "--bwlimit caps what each node may send (KiB/s). With --retry-until, nodes that failed or have no snapshot from today yet are tried again every --retry-every until that time of day; each node's result is its last attempt's.",
                "",
                "Exit status 1 when any node failed (unreachable, authentication or host key refused, verification failed, refused, over quota, cut by --deadline or --min-rate...) or is stale, after all the others were collected; the report names each such node and why. Exit status 3 for warnings only."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  kaizen collect --config /etc/kaizen/collector.yaml",
                "  kaizen collect --inventory nodes.yaml --dest /srv/backups --identity /etc/kaizen/id_ed25519 \\",
                "                 --known-hosts /etc/kaizen/known_hosts --parallel 4 --keep-days 8 --max-age 26h",
                "  kaizen collect --config /etc/kaizen/collector.yaml --bwlimit 20480 --retry-until 08:00 --retry-every 10m"})
final class CollectCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    InventoryOption inventoryOption;

    @Mixin
    CollectorDestOption destOption;

    @Mixin
    SshOptions ssh;

    @Option(names = "--parallel", paramLabel = "N", description = "Nodes pulled at once (default 4).")
    Integer parallel;

    @Option(names = "--max-age", paramLabel = "AGE", description = "Freshness limit per node (default 26h).")
    String maxAge;

    @Option(names = "--accept-new", description = "Pin the host key of a node that has none pinned yet (trust on first use). A changed key is still refused.")
    boolean acceptNew;

    @Option(names = "--deadline", paramLabel = "SPAN", description = "Longest pull of one node; a node still sending after it fails (default 23h).")
    String deadline;

    @Option(names = "--min-rate", paramLabel = "SIZE", description = "Least average data per second of a node's pull once it is older than the timeout, e.g. 1K (default 1K; 0 turns it off).")
    String minRate;

    @Option(names = "--quota", paramLabel = "SIZE", description = "Most bytes one snapshot of a node may hold, e.g. 500G; a larger one is refused before anything is written (default: no quota).")
    String quota;

    @Option(names = "--preserve-devices", description = "Make device nodes, set-id bits, file capabilities, SELinux labels and trusted. attributes live in the store, as on the node (default: recorded in the copy's .kaizen/specials and .kaizen/xattrs and recreated by kaizen restore).")
    boolean preserveDevices;
    @Option(names = "--bwlimit", paramLabel = "KIBPS", description = "Most each node may send, in KiB/s (0: unlimited, the default).")
    Long bandwidthLimit;

    @Option(names = "--retry-until", paramLabel = "HH:MM", description = "Try nodes that failed or have no snapshot from today yet again until this time of day (none by default).")
    String retryUntil;

    @Option(names = "--retry-every", paramLabel = "SPAN", description = "Pause between the passes of --retry-until (default 10m).")
    String retryEvery;

    @Option(names = {"-n", "--dry-run"}, description = "Connect and report what would be collected and pruned; change nothing.")
    boolean dryRun;

    @ArgGroup(exclusive = false, heading = "%nRetention per node (default: --keep-days 8):%n")
    RetentionOptions retention = new RetentionOptions();

    @Override
    public Integer call() {
        Output output = common.output(spec);
        Optional<CollectorConfig> config = InventoryOption.collectorConfig(common.config);
        Inventory inventory = inventoryOption.load(config);
        var settings = ssh.settings(config, acceptNew);
        CollectRequest request = CollectorSettings.collectRequest(new CollectorSettings.CollectOptions(destOption.dest,
                parallel, maxAge, retention.policy(), dryRun, deadline, minRate, quota, preserveDevices, bandwidthLimit, retryUntil, retryEvery), config, inventory, settings.idleTimeout(), LocalHost.name());
        CollectReport report = CollectJob.overSsh(root().clock(), settings, new Progress(output)).run(request);
        render(report, output, inventory);
        return report.exitCode();
    }

    private Kaizen root() {
        return root;
    }

    private void render(CollectReport report, Output output, Inventory inventory) {
        if (output.json()) {
            output.printJson(report);
        }
        long bad = report.nodes().stream().filter(n -> n.status() != NodeResult.Status.OK).count();
        for (NodeResult n : report.nodes()) {
            switch (n.status()) {
                case OK -> output.log(n.node() + ": " + n.message() + attempts(n));
                case STALE -> output.problem("kaizen collect: " + n.message() + attempts(n));
                case FAILED -> output.problem("kaizen collect: " + n.node() + ": FAILED (" + n.failure().orElse("?") + "): "
                        + n.message() + attempts(n) + hint(n));
            }
            n.prune().ifPresent(p -> p.plan().decisions().stream().filter(d -> d.action() == Decision.Action.DELETE)
                    .forEach(d -> output.log(n.node() + ": " + (dryRun ? "would prune " : "pruned ") + d.name() + ": " + d.reason())));
        }
        report.warnings().forEach(w -> output.problem("kaizen collect: warning: " + w));
        String summary = report.nodes().size() + " nodes from " + inventory.describe() + ": "
                + (report.nodes().size() - bad) + " ok, " + bad + " failed or stale";
        if (bad > 0) {
            output.problem("kaizen collect: " + summary);
        } else {
            output.log(summary);
        }
    }

    private static String attempts(NodeResult n) {
        return n.attempts() > 1 ? " (" + n.attempts() + " attempts)" : "";
    }

    /** How an operator gets past a refused host key, in this command line's terms. */
    private static String hint(NodeResult n) {
        String failure = n.failure().orElse("");
        if (failure.equals(RemoteException.Kind.HOST_KEY_UNKNOWN.label())) {
            return "; pin it with 'kaizen enroll' (or collect once with --accept-new)";
        }
        if (failure.equals(RemoteException.Kind.HOST_KEY_CHANGED.label())) {
            return " (or remove it and run 'kaizen enroll')";
        }
        return "";
    }

    /** Renders events as they happen (thread-safe: Output's writers are). */
    private static final class Progress implements CollectListener {
        private final Output output;

        Progress(Output output) {
            this.output = output;
        }

        @Override
        public synchronized void pulling(Node node, String snapshot, String previous) {
            output.progress(node.name() + ": pulling " + snapshot + (previous == null ? " (first copy)" : " against " + previous));
        }

        @Override
        public synchronized void retrying(List<Node> nodes, Instant at) {
            output.log("retrying " + nodes.stream().map(Node::name).collect(Collectors.joining(", ")) + " at "
                    + at.truncatedTo(ChronoUnit.SECONDS));
        }

        @Override
        public synchronized void warning(Node node, String message) {
            output.problem("kaizen collect: warning: " + node.name() + ": " + message);
        }
    }
}
