package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaizen install} for real (as root) in a throwaway root: a minimal Debian {@code /etc} in a temporary
 * directory, the user made there by {@code useradd --prefix}, sudoers checked by the real visudo, the collector's key
 * pair by the real ssh-keygen. Each role twice (the second run changes nothing), a dry run that changes nothing,
 * a role change, and an uninstall that leaves the backups.
 */
class InstallIT {
    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void debianRoot() throws IOException {
        root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nadm:x:4:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:20000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\nadm:*::\n");
        Files.setPosixFilePermissions(root.resolve("etc/shadow"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(root.resolve("etc/gshadow"), PosixFilePermissions.fromString("rw-r-----"));
        Files.copy(Path.of("/etc/login.defs"), root.resolve("etc/login.defs"));
    }

    private KaizenProcess.Result install(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("install", "--root", root.toString()));
        argv.addAll(List.of(args));
        return KaizenProcess.run(KaizenProcess.QUICK_START, argv.toArray(String[]::new));
    }

    private static void ok(KaizenProcess.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    /** Every path under the root with its type, mode, owner, size and mtime: what "changes nothing" compares. */
    private Map<String, String> state() throws IOException {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                var attributes = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                state.put(root.relativize(path).toString(), attributes.toString());
            }
        }
        return state;
    }

    private String modeOwner(String path) throws IOException {
        Path file = root.resolve(path.substring(1));
        return Integer.toOctalString((int) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777) + " "
                + Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    /** The lines of the first fenced block after the README line starting with {@code heading}. */
    private static List<String> readmeBlockAfter(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith(heading)).findFirst().orElseThrow());
        int open = lines.subList(start, lines.size()).indexOf("```") + start;
        int close = lines.subList(open + 1, lines.size()).indexOf("```") + open + 1;
        return lines.subList(open + 1, close);
    }

    private String[] passwd(String user) throws IOException {
        return Files.readAllLines(root.resolve("etc/passwd")).stream().map(l -> l.split(":")).filter(f -> f[0].equals(user))
                .findFirst().orElse(null);
    }

    @Test
    void aComputeNodeTwiceThenUninstalledKeepsItsBackups() throws Exception {
        Path key = tmp.resolve("collector");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "collector", "-f", key.toString())
                .start().waitFor()).isZero();
        String publicKey = String.join(" ", List.of(Files.readString(tmp.resolve("collector.pub")).split(" ")).subList(0, 2));
        String[] options = {"--role", "compute", "--collector-key", tmp.resolve("collector.pub").toString(),
                "--from", "10.0.0.5", "--mailto", "ops@example.org"};

        Map<String, String> before = state();
        KaizenProcess.Result plan = install(Stream.concat(Stream.of(options), Stream.of("--dry-run")).toArray(String[]::new));
        ok(plan);
        assertThat(plan.stdout()).contains("would create file /etc/kaizen/node.yaml (0640 root:root)",
                "would create user kaizen-backup", "would be made (dry run: nothing changed)");
        assertThat(state()).as("a dry run changes nothing").isEqualTo(before);

        KaizenProcess.Result first = install(options);
        ok(first);
        assertThat(first.stdout()).contains("created file /etc/sudoers.d/kaizen-backup", "changes made");
        String[] user = passwd("kaizen-backup");
        assertThat(user).as("the backup user").isNotNull();
        assertThat(Integer.parseInt(user[2])).as("a system uid").isLessThan(1000);
        assertThat(user[5]).isEqualTo("/var/lib/kaizen-backup");
        assertThat(user[6]).isEqualTo("/bin/sh");
        assertThat(Files.readAllLines(root.resolve("etc/shadow"))).anyMatch(l -> l.startsWith("kaizen-backup:*:"));

        assertThat(modeOwner("/backups")).isEqualTo("700 0:0");
        assertThat(modeOwner("/etc/kaizen/node.yaml")).isEqualTo("640 0:0");
        assertThat(root.resolve("etc/kaizen/node.yaml")).content().contains("  - path: \"/var/lib/nova\"\n    exclude: [\"instances/\"]\n");
        assertThat(modeOwner("/etc/sudoers.d/kaizen-backup")).isEqualTo("440 0:0");
        assertThat(SshNodes.capture("visudo", "-cf", root.resolve("etc/sudoers.d/kaizen-backup").toString()).exitCode()).isZero();
        assertThat(Files.readAllLines(root.resolve("etc/sudoers.d/kaizen-backup")).stream().filter(l -> !l.startsWith("#")))
                .as("the README's sudoers lines").containsExactlyElementsOf(readmeBlockAfter("`/etc/sudoers.d/kaizen-backup`"));
        assertThat(modeOwner("/var/lib/kaizen-backup")).as("root owns the home: .ssh cannot be renamed away")
                .isEqualTo("755 0:0");
        assertThat(modeOwner("/var/lib/kaizen-backup/.ssh")).isEqualTo("755 0:0");
        assertThat(modeOwner("/var/lib/kaizen-backup/.ssh/authorized_keys"))
                .as("root owns authorized_keys: the backup user cannot rewrite its own forced command").isEqualTo("644 0:0");
        assertThat(Files.readAllLines(root.resolve("var/lib/kaizen-backup/.ssh/authorized_keys")).stream()
                .filter(l -> !l.startsWith("#"))).containsExactly("restrict,from=\"10.0.0.5\",command=\"sudo -n /usr/local/bin/kaizen "
                + "serve --store /backups\" " + publicKey + " kaizen-collector-0");
        assertThat(SshNodes.capture("ssh-keygen", "-l", "-f", root.resolve("var/lib/kaizen-backup/.ssh/authorized_keys").toString())
                .exitCode()).as("ssh-keygen parses authorized_keys").isZero();
        assertThat(modeOwner("/etc/cron.d/kaizen-snapshot")).isEqualTo("644 0:0");
        assertThat(root.resolve("etc/cron.d/kaizen-snapshot")).content().contains("MAILTO=ops@example.org\n"
                + "30 2 * * * root /usr/local/bin/kaizen snapshot --config /etc/kaizen/node.yaml >>/var/log/kaizen/snapshot.log\n");
        assertThat(modeOwner("/etc/logrotate.d/kaizen")).isEqualTo("644 0:0");
        assertThat(modeOwner("/var/log/kaizen")).isEqualTo("750 0:4");

        Map<String, String> installed = state();
        KaizenProcess.Result second = install(options);
        ok(second);
        assertThat(second.stdout().strip()).isEqualTo("nothing to change: role compute is installed in " + root);
        assertThat(state()).as("a second run changes nothing").isEqualTo(installed);

        Files.writeString(root.resolve("etc/kaizen/node.yaml"), "edited by hand\n");
        Files.setPosixFilePermissions(root.resolve("etc/cron.d/kaizen-snapshot"), PosixFilePermissions.fromString("rw-rw-rw-"));
        KaizenProcess.Result repair = install(options);
        ok(repair);
        assertThat(repair.stdout()).contains("updated file /etc/kaizen/node.yaml", "updated file /etc/cron.d/kaizen-snapshot",
                "2 changes made");
        assertThat(root.resolve("etc/kaizen/node.yaml")).content().startsWith("# Managed by kaizen install");
        assertThat(modeOwner("/etc/cron.d/kaizen-snapshot")).isEqualTo("644 0:0");

        Path backup = root.resolve("backups/2026-11-24/etc/nova/nova.conf");
        Files.createDirectories(backup.getParent());
        Files.writeString(backup, "[DEFAULT]\n");
        KaizenProcess.Result uninstall = install("--uninstall");
        ok(uninstall);
        assertThat(uninstall.stdout()).contains("removed /etc/sudoers.d/kaizen-backup", "removed user kaizen-backup");
        assertThat(backup).hasContent("[DEFAULT]");
        assertThat(passwd("kaizen-backup")).isNull();
        for (String gone : new String[] {"etc/kaizen", "etc/sudoers.d/kaizen-backup", "etc/cron.d/kaizen-snapshot", "etc/logrotate.d/kaizen",
                "var/log/kaizen", "usr/local/lib/kaizen", "var/lib/kaizen-backup"}) {
            assertThat(root.resolve(gone)).as(gone).doesNotExist();
        }
        assertThat(install("--uninstall").stdout().strip()).isEqualTo("nothing to change: nothing installed in " + root);
    }

    @Test
    void aCollectorMakesItsKeyPairOnceAndBecomingANodeRemovesTheCollectorPartsAndKeysNotGiven() throws Exception {
        ok(install("--role", "collector"));
        assertThat(modeOwner("/etc/kaizen/id_ed25519")).isEqualTo("600 0:0");
        String publicKey = Files.readString(root.resolve("etc/kaizen/id_ed25519.pub"));
        assertThat(publicKey).startsWith("ssh-ed25519 ").contains(" kaizen-collector@");
        assertThat(modeOwner("/etc/kaizen/known_hosts")).isEqualTo("644 0:0");
        assertThat(modeOwner("/srv/backups")).isEqualTo("700 0:0");
        assertThat(root.resolve("etc/kaizen/collector.yaml")).content().contains("dest: \"/srv/backups\"\n");
        assertThat(modeOwner("/etc/kaizen/nodes.yaml")).isEqualTo("644 0:0");
        assertThat(modeOwner("/etc/kaizen/nodes.d")).isEqualTo("755 0:0");
        assertThat(root.resolve("etc/cron.d/kaizen-collect")).exists();
        assertThat(passwd("kaizen-backup")).isNull();
        assertThat(install("--role", "collector").stdout()).contains("nothing to change");
        assertThat(root.resolve("etc/kaizen/id_ed25519.pub")).hasContent(publicKey.strip());

        ok(install("--role", "generic"));
        assertThat(root.resolve("etc/kaizen/collector.yaml")).doesNotExist();
        assertThat(root.resolve("etc/kaizen/nodes.yaml")).doesNotExist();
        assertThat(root.resolve("etc/kaizen/id_ed25519")).doesNotExist();
        assertThat(root.resolve("etc/cron.d/kaizen-collect")).doesNotExist();
        assertThat(root.resolve("etc/cron.d/kaizen-snapshot")).exists();
        assertThat(root.resolve("srv/backups")).as("the collector's store is kept").isDirectory();
        assertThat(passwd("kaizen-backup")).isNotNull();
        Path keys = root.resolve("var/lib/kaizen-backup/.ssh/authorized_keys");
        assertThat(modeOwner("/var/lib/kaizen-backup/.ssh/authorized_keys")).isEqualTo("644 0:0");
        assertThat(Files.readAllLines(keys)).as("no collector key given: authorized_keys holds none").allMatch(l -> l.startsWith("#"));

        Files.writeString(keys, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHandWrittenKeyWithoutAForcedCommand0000000 admin\n",
                StandardOpenOption.APPEND);
        KaizenProcess.Result again = install("--role", "generic");
        ok(again);
        assertThat(again.stdout()).contains("updated file /var/lib/kaizen-backup/.ssh/authorized_keys", "1 change made");
        assertThat(Files.readAllLines(keys)).as("a key added by other means (here without a forced command) is removed, as Puppet's"
                + " concat removes it").allMatch(l -> l.startsWith("#"));
    }

    @Test
    void badOptionsChangeNothing() throws Exception {
        Map<String, String> before = state();
        for (String[] bad : new String[][] {{"--role", "database"}, {}, {"--uninstall", "--role", "compute"},
                {"--role", "compute", "--collector-key", tmp.resolve("missing.pub").toString()},
                {"--role", "compute", "--from", "10.0.0.5\" x"}, {"--role", "compute", "--config", "/etc/kaizen/node.yaml"},
                {"--role", "compute", "--store", "/backups;id"}, {"--role", "compute", "--store", "/back ups"}}) {
            KaizenProcess.Result result = install(bad);
            assertThat(result.exitCode()).as(String.join(" ", bad) + "\n" + result).isEqualTo(2);
        }
        assertThat(state()).isEqualTo(before);
    }
}
