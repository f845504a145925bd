package io.kaizen.backup.install;

import io.kaizen.backup.remote.SshSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The resources class {@code backups} of the Puppet module manages for a role, with the content of its templates
 * ({@code node.yaml.epp}, {@code collector.yaml.epp}, {@code nodes.yaml.epp}, {@code sudoers.epp}, {@code cron.epp}, {@code logrotate.epp})
 * and its defaults; only the comments say who manages the file. Scheduling is by cron. The packages, the jar
 * and the launcher are not part of it (kaizen is already running). Pure.
 */
public final class InstallPlan {
    public static final String BIN = "/usr/local/bin/kaizen";
    public static final String LIB_DIR = "/usr/local/lib/kaizen";
    public static final String CONFIG_DIR = "/etc/kaizen";
    public static final String NODE_CONFIG = CONFIG_DIR + "/node.yaml";
    public static final String COLLECTOR_CONFIG = CONFIG_DIR + "/collector.yaml";
    public static final String INVENTORY = CONFIG_DIR + "/nodes.yaml";
    public static final String NODES_DIR = CONFIG_DIR + "/nodes.d";
    public static final String IDENTITY = SshSettings.DEFAULT_IDENTITY.toString();
    public static final String KNOWN_HOSTS = SshSettings.DEFAULT_KNOWN_HOSTS.toString();
    public static final String LOG_DIR = "/var/log/kaizen";
    public static final String LOGROTATE = "/etc/logrotate.d/kaizen";
    public static final String USER = "kaizen-backup";
    public static final String HOME = "/var/lib/" + USER;
    public static final String SUDOERS = "/etc/sudoers.d/" + USER;
    public static final String STORE = "/backups";
    public static final String COLLECTOR_DEST = "/srv/backups";
    public static final String AUTHORIZED_KEYS = HOME + "/.ssh/authorized_keys";
    static final int MIN_KEEP = 2;
    static final int PARALLEL = 4;
    static final String MAX_AGE = "26h";
    private static final String MANAGED = "# Managed by kaizen install";
    private static final String ROOT = "root";

    private InstallPlan() {
    }

    /** The cron file of a job: {@code snapshot} on nodes, {@code collect} on collectors. */
    public static String cronFile(String job) {
        return "/etc/cron.d/kaizen-" + job;
    }

    /** What {@code settings} asks for, in the order it is applied. */
    public static List<Resource> install(InstallSettings settings) {
        Role role = settings.role();
        List<Resource> plan = new ArrayList<>(List.of(
                new Resource.Directory(LIB_DIR, "0755", ROOT, ROOT),
                new Resource.Directory(CONFIG_DIR, "0755", ROOT, ROOT),
                new Resource.Directory(LOG_DIR, "0750", ROOT, "adm")));
        if (role.node()) {
            plan.add(new Resource.Directory(settings.store(), "0700", ROOT, ROOT));
            plan.add(file(NODE_CONFIG, "0640", nodeConfig(role, settings.store())));
            plan.addAll(List.of(new Resource.Absent(IDENTITY), new Resource.Absent(IDENTITY + ".pub"),
                    new Resource.Absent(KNOWN_HOSTS), new Resource.Absent(INVENTORY), new Resource.Absent(COLLECTOR_CONFIG),
                    new Resource.Absent(NODES_DIR)));
            plan.add(new Resource.Account(USER, HOME, "/bin/sh", "Kaizen Backup (collectors pull snapshots as this user)"));
            plan.add(new Resource.File(SUDOERS, sudoers(settings), "0440", ROOT, ROOT, List.of("/usr/sbin/visudo", "-cf", "%")));
            // root owns the home, .ssh and authorized_keys: the backup user cannot rewrite its own forced command
            // (nor rename .ssh away and make its own). The file holds exactly the given keys, as the module's holds
            // exactly the keys Puppet manages: none given, none left (no key of another origin, no unforced key).
            plan.add(new Resource.Directory(HOME, "0755", ROOT, ROOT));
            plan.add(new Resource.Directory(HOME + "/.ssh", "0755", ROOT, ROOT));
            plan.add(new Resource.File(AUTHORIZED_KEYS, authorizedKeys(settings), "0644", ROOT, ROOT, List.of()));
        } else {
            plan.add(new Resource.Absent(NODE_CONFIG));
            plan.add(new Resource.Directory(COLLECTOR_DEST, "0700", ROOT, ROOT));
            plan.add(new Resource.KeyPair(IDENTITY, "kaizen-collector@" + settings.hostName()));
            plan.add(new Resource.Present(KNOWN_HOSTS, "0644", ROOT, ROOT));
            plan.add(new Resource.Directory(NODES_DIR, "0755", ROOT, ROOT));
            plan.add(file(INVENTORY, "0644", inventory()));
            plan.add(file(COLLECTOR_CONFIG, "0640", collectorConfig()));
            plan.add(new Resource.Absent(SUDOERS));
            plan.add(new Resource.NoAccount(USER));
        }
        String job = role.node() ? "snapshot" : "collect";
        String other = role.node() ? "collect" : "snapshot";
        plan.add(file(cronFile(job), "0644", cron(settings, job)));
        plan.add(new Resource.Absent(cronFile(other)));
        plan.add(file(LOGROTATE, "0644", logrotate()));
        return List.copyOf(plan);
    }

    /** Everything {@link #install} may have made, except the stores ({@value #STORE}, {@value #COLLECTOR_DEST}). */
    public static List<Resource> uninstall() {
        return List.of(new Resource.Absent(cronFile("snapshot")), new Resource.Absent(cronFile("collect")),
                new Resource.Absent(LOGROTATE), new Resource.Absent(SUDOERS), new Resource.NoAccount(USER),
                new Resource.Absent(CONFIG_DIR), new Resource.Absent(LIB_DIR), new Resource.Absent(LOG_DIR));
    }

    private static Resource.File file(String path, String mode, String content) {
        return new Resource.File(path, content, mode, ROOT, ROOT, List.of());
    }

    /** The forced command of the collectors' keys and the one command sudo allows. */
    static String serveCommand(InstallSettings settings) {
        return BIN + " serve --store " + settings.store() + (settings.allowRsync() ? " --allow-rsync" : "");
    }

    static String nodeConfig(Role role, String store) {
        StringBuilder yaml = new StringBuilder(MANAGED
                + ": the node configuration of `kaizen snapshot` (README, \"Configuration\").\n"
                + "store: " + yamlString(store) + "\n"
                + "engine: " + yamlString("auto") + "\n"
                + "exclude: []\n"
                + "sources:\n");
        for (Role.Source source : role.sources()) {
            if (source instanceof Role.Source.Path path) {
                yaml.append("  - path: ").append(yamlString(path.path())).append('\n');
                if (!path.exclude().isEmpty()) {
                    yaml.append("    exclude: ").append(yamlList(path.exclude())).append('\n');
                }
                if (path.optional()) {
                    yaml.append("    optional: true\n");
                }
            } else if (source instanceof Role.Source.Mysql mysql) {
                yaml.append("  - mysql:\n      name: ").append(yamlString(mysql.name())).append('\n')
                        .append("      defaults-file: ").append(yamlString(mysql.defaultsFile())).append('\n');
            }
        }
        yaml.append("retention:\n  keep-days: ").append(role.keepDays()).append("\n  min-keep: ").append(MIN_KEEP).append('\n');
        role.priority().ifPresent(priority -> {
            yaml.append("priority:\n");
            Optional.ofNullable(priority.nice()).ifPresent(nice -> yaml.append("  nice: ").append(nice).append('\n'));
            Optional.ofNullable(priority.ioClass()).ifPresent(io -> yaml.append("  io-class: ").append(yamlString(io.label())).append('\n'));
            Optional.ofNullable(priority.ioLevel()).ifPresent(level -> yaml.append("  io-level: ").append(level).append('\n'));
        });
        return yaml.toString();
    }

    static String collectorConfig() {
        return MANAGED + ": the collector configuration of `kaizen collect`.\n"
                + "dest: " + yamlString(COLLECTOR_DEST) + "\n"
                + "identity: " + yamlString(IDENTITY) + "\n"
                + "known-hosts: " + yamlString(KNOWN_HOSTS) + "\n"
                + "inventory: " + yamlString(INVENTORY) + "\n"
                + "parallel: " + PARALLEL + "\n"
                + "max-age: " + yamlString(MAX_AGE) + "\n"
                + "retention:\n"
                + "  keep-days: " + Role.COLLECTOR.keepDays() + "\n"
                + "  min-keep: " + MIN_KEEP + "\n";
    }

    static String inventory() {
        return MANAGED + ": the inventory of `kaizen collect`. Every node is a file in the directory\n"
                + "# below, named for the node (compute-1.yaml: `host: 10.0.0.11`, optional port, user and store).\n"
                + "inventory:\n"
                + "  directory: " + yamlString(NODES_DIR) + "\n";
    }

    static String sudoers(InstallSettings settings) {
        return MANAGED + ". The collectors' key is forced to run the read-only agent through sudo;\n"
                + "# this is the one command the backup user may run as root. sudo keeps SSH_ORIGINAL_COMMAND (what the\n"
                + "# collector asked for), which the agent reads; it resets every other variable.\n"
                + "Defaults:" + USER + " env_keep += \"SSH_ORIGINAL_COMMAND\"\n"
                + USER + " ALL=(root) NOPASSWD: " + serveCommand(settings) + "\n";
    }

    /** One line per collector key, forced to the agent: what the module's {@code concat} fragments write. */
    static String authorizedKeys(InstallSettings settings) {
        String options = "restrict" + settings.from().map(f -> ",from=\"" + f + "\"").orElse("")
                + ",command=\"sudo -n " + serveCommand(settings) + "\"";
        StringBuilder keys = new StringBuilder(MANAGED + ": collectors' keys, each forced to the read-only agent.\n");
        for (int i = 0; i < settings.collectorKeys().size(); i++) {
            keys.append(options).append(' ').append(settings.collectorKeys().get(i)).append(" kaizen-collector-").append(i)
                    .append('\n');
        }
        return keys.toString();
    }

    static String cron(InstallSettings settings, String job) {
        boolean snapshot = job.equals("snapshot");
        String what = snapshot ? "the daily snapshot of this node" : "the daily collection of the nodes' snapshots";
        String command = BIN + " " + job + " --config " + (snapshot ? NODE_CONFIG : COLLECTOR_CONFIG);
        Role role = settings.role();
        return MANAGED + ": " + what + ".\n"
                + "# stdout goes to the log; stderr carries only problems, so cron mails exactly the failures and warnings.\n"
                + "SHELL=/bin/sh\n"
                + "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                + settings.mailto().map(m -> "MAILTO=" + m + "\n").orElse("")
                + role.minute() + " " + role.hour() + " * * * root " + command + " >>" + LOG_DIR + "/" + job + ".log\n";
    }

    static String logrotate() {
        return MANAGED + ": the logs of kaizen's daily jobs.\n"
                + LOG_DIR + "/*.log {\n"
                + "  weekly\n"
                + "  rotate 8\n"
                + "  compress\n"
                + "  delaycompress\n"
                + "  missingok\n"
                + "  notifempty\n"
                + "  create 0640 root adm\n"
                + "}\n";
    }

    /** A YAML double-quoted scalar, as the module's {@code backups::yaml_string}. */
    static String yamlString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A YAML flow sequence of double-quoted scalars, as the module's {@code backups::yaml_list}. */
    static String yamlList(List<String> values) {
        return values.stream().map(InstallPlan::yamlString).collect(Collectors.joining(", ", "[", "]"));
    }
}
