package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.ProcessIdentity;
import io.kaizen.backup.install.InstallPlan;
import io.kaizen.backup.install.InstallSettings;
import io.kaizen.backup.install.Installer;
import io.kaizen.backup.install.Resource;
import io.kaizen.backup.install.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "install", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Set up this machine for its role, as the Puppet module (class backups) would, on a node without Puppet: the same directories, configuration, user, sudoers drop-in, authorized_keys, store, cron file and logrotate, with the same content (only comments say who manages it). Idempotent: a second run changes nothing and says so.",
                "",
                "Nodes (controller, compute, generic): /etc/kaizen/node.yaml with the role's sources (the controller's MariaDB through /etc/kaizen/my.cnf, which the site provides) and 2 days kept, the store /backups (0700), the backup user kaizen-backup (system user, shell /bin/sh, password '*'), /etc/sudoers.d/kaizen-backup (checked with visudo) allowing it exactly '/usr/local/bin/kaizen serve --store /backups' as root, its authorized_keys with exactly the --collector-keys given, each forced to that command (no --collector-key: no key; a key put there otherwise is removed), /etc/cron.d/kaizen-snapshot (02:30).",
                "",
                "Collector: /etc/kaizen/collector.yaml (8 days kept, 4 nodes at once, stale after 26h), the store /srv/backups (0700), a key pair /etc/kaizen/id_ed25519 made here (its .pub is what nodes get as --collector-key), known_hosts, the inventory /etc/kaizen/nodes.yaml reading the directory /etc/kaizen/nodes.d (one file per node), and the cron file /etc/cron.d/kaizen-collect: collect daily at 05:30.",
                "",
                "All roles: the directories /etc/kaizen, /usr/local/lib/kaizen and /var/log/kaizen (0750 root:adm), and /etc/logrotate.d/kaizen. Switching roles removes the other role's files. Not installed: packages, the jar and the launcher (README, 'Install on a node'). --uninstall removes everything install makes except the stores (/backups, /srv/backups)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  kaizen install --role compute --collector-key collector.pub --from 10.0.0.5 --dry-run",
                "  kaizen install --role compute --collector-key collector.pub --mailto ops@example.org",
                "  kaizen install --role collector",
                "  kaizen install --uninstall"})
final class InstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "controller, compute, generic (nodes) or collector. Required unless --uninstall.")
    String role;

    @Option(names = "--collector-key", paramLabel = "KEY.pub",
            description = "A collector's public key file (its first line), allowed to run the read-only agent; repeatable.")
    List<Path> collectorKeys = new ArrayList<>();

    @Option(names = "--from", paramLabel = "PATTERNS",
            description = "Where collectors may connect from: the keys' from= (addresses, CIDR or host patterns, comma-separated).")
    String from;

    @Option(names = "--mailto", paramLabel = "ADDRESS", description = "Where cron mails the daily job's stderr (failures and warnings).")
    String mailto;

    @Option(names = "--store", paramLabel = "PATH", defaultValue = InstallPlan.STORE,
            description = "A node's store (default: ${DEFAULT-VALUE}). It goes into the forced command and the sudoers rule, so it must be "
                    + "an absolute path of letters, digits and . _ + - (no component starting with a dot).")
    String store;

    @Option(names = "--allow-rsync", description = "On a node, let the collectors' key also run rsync senders "
            + "(kaizen serve --allow-rsync; off by default: kaizen collect does not need it).")
    boolean allowRsync;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Install into this directory instead of / (an image being built, a test); users go to DIR/etc/passwd (useradd --prefix).")
    Path root;

    @Option(names = {"-n", "--dry-run"}, description = "Print the plan, each item with what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--uninstall", description = "Remove everything install makes, except the stores (the backups) and packages.")
    boolean uninstall;

    /** What {@code --json} prints: every step, with what was (or would be) done, if anything. */
    record Result(Path root, boolean dryRun, long changes, List<Installer.Step> steps) {
    }

    @Override
    public Integer call() {
        Output output = common.output(spec);
        if (!Files.isDirectory(root)) {
            throw new ConfigException("no directory " + root + " for --root");
        }
        if (common.config != null) {
            throw new ConfigException("install takes no --config: it writes the configuration (give --role)");
        }
        List<Resource> plan = uninstall ? uninstallPlan() : InstallPlan.install(settings());
        if (!dryRun && !ProcessIdentity.isRoot()) {
            throw new ConfigException("kaizen install changes users and root-owned files: run it as root (or try --dry-run)");
        }
        List<Installer.Step> steps = new Installer(root, dryRun).apply(plan);
        long changes = steps.stream().filter(s -> s.action().isPresent()).count();
        for (Installer.Step step : steps) {
            if (step.action().isPresent()) {
                output.log((dryRun ? "would " : "") + verb(step.action().get(), dryRun) + " " + step.resource().subject());
            } else if (dryRun) {
                output.log("ok " + step.resource().describe());
            }
        }
        if (output.json()) {
            output.printJson(new Result(root.toAbsolutePath(), dryRun, changes, steps));
        }
        boolean archived = dryRun || uninstall || root.toAbsolutePath().normalize().getParent() != null
                || ClassArchive.runningJar().map(jar -> classArchive(jar, output)).orElse(true);
        String what = uninstall ? "uninstall" : "role " + role;
        if (changes == 0) {
            output.result("nothing to change: " + (uninstall ? "nothing installed" : what + " is installed") + " in " + root);
        } else {
            output.result(what + " in " + root + ": " + changes + (changes == 1 ? " change" : " changes")
                    + (dryRun ? " would be made (dry run: nothing changed)" : " made"));
        }
        return archived ? ExitCodes.OK : ExitCodes.WARNINGS;
    }

    /** Makes the class-data archive of the jar this runs from; a failure only costs start-up time: a warning. */
    private static boolean classArchive(Path jar, Output output) {
        try {
            output.log("made the class-data archive " + ClassArchive.make(jar));
            return true;
        } catch (IOException | KaizenException e) {
            output.problem("kaizen install: no class-data archive for " + jar + " (each start is slower, nothing else"
                    + " is affected): " + e.getMessage());
            return false;
        }
    }

    private List<Resource> uninstallPlan() {
        if (role != null || !collectorKeys.isEmpty() || from != null || mailto != null) {
            throw new ConfigException("--uninstall takes no --role, --collector-key, --from or --mailto");
        }
        return InstallPlan.uninstall();
    }

    private InstallSettings settings() {
        if (role == null) {
            throw new ConfigException("--role is required (controller, compute, generic or collector)");
        }
        Role chosen;
        try {
            chosen = Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("unknown role '" + role + "' (controller, compute, generic or collector)");
        }
        List<String> keys = collectorKeys.stream().map(InstallCommand::firstLine).map(InstallSettings::publicKey).toList();
        return new InstallSettings(chosen, keys, Optional.ofNullable(from), Optional.ofNullable(mailto), LocalHost.name(),
                store, allowRsync);
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).findFirst()
                    .orElseThrow(() -> new ConfigException("--collector-key " + file + " is empty"));
        } catch (IOException e) {
            throw new ConfigException("cannot read --collector-key " + file + ": " + e.getMessage());
        }
    }

    private static String verb(Installer.Action action, boolean dryRun) {
        return switch (action) {
            case CREATE -> dryRun ? "create" : "created";
            case UPDATE -> dryRun ? "update" : "updated";
            case REMOVE -> dryRun ? "remove" : "removed";
        };
    }
}
