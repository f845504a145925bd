package io.kaizen.backup.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan has the Puppet module's resources and its templates' content (templates/*.epp on branch puppet). */
class InstallPlanTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0cWm7r4Sdxcl4kDBVHKnNKaX7Y3x8ZXTQkSRJdS4h5";

    private static Resource.File file(List<Resource> plan, String path) {
        return plan.stream().filter(r -> r instanceof Resource.File f && f.path().equals(path)).map(Resource.File.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no file " + path + " in " + plan));
    }

    @Test
    void aComputeNodeGetsTheModulesFilesWithItsTemplatesContent() {
        assertThat(Role.GENERIC.sources()).containsExactly(new Role.Source.Path("/etc", List.of(), false));
        List<Resource> plan = InstallPlan.install(new InstallSettings(Role.COMPUTE, List.of(KEY),
                Optional.of("10.0.0.0/24,127.0.0.1"), Optional.of("ops@example.org"), "compute-1", "/backups", false));

        assertThat(file(plan, "/etc/kaizen/node.yaml").content()).isEqualTo("""
                # Managed by kaizen install: the node configuration of `kaizen snapshot` (README, "Configuration").
                store: "/backups"
                engine: "auto"
                exclude: []
                sources:
                  - path: "/etc/nova"
                    optional: true
                  - path: "/etc/keystone"
                    optional: true
                  - path: "/etc/cinder"
                    optional: true
                  - path: "/etc/glance"
                    optional: true
                  - path: "/etc/swift"
                    optional: true
                  - path: "/var/lib/nova"
                    exclude: ["instances/"]
                    optional: true
                  - path: "/var/lib/cinder"
                    optional: true
                  - path: "/var/lib/keystone"
                    optional: true
                  - path: "/var/lib/glance"
                    optional: true
                retention:
                  keep-days: 2
                  min-keep: 2
                priority:
                  nice: 19
                  io-class: "idle"
                """);
        assertThat(file(plan, "/etc/kaizen/node.yaml").mode()).isEqualTo("0640");
        Resource.File sudoers = file(plan, "/etc/sudoers.d/kaizen-backup");
        assertThat(sudoers.content()).endsWith("""
                Defaults:kaizen-backup env_keep += "SSH_ORIGINAL_COMMAND"
                kaizen-backup ALL=(root) NOPASSWD: /usr/local/bin/kaizen serve --store /backups
                """);
        assertThat(sudoers.mode()).isEqualTo("0440");
        assertThat(sudoers.validate()).containsExactly("/usr/sbin/visudo", "-cf", "%");
        Resource.File keys = file(plan, "/var/lib/kaizen-backup/.ssh/authorized_keys");
        assertThat(keys.content().lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                "restrict,from=\"10.0.0.0/24,127.0.0.1\",command=\"sudo -n /usr/local/bin/kaizen serve --store /backups\" "
                        + KEY + " kaizen-collector-0");
        assertThat(List.of(keys.mode(), keys.owner(), keys.group())).as("the backup user cannot rewrite its forced command")
                .containsExactly("0644", "root", "root");
        assertThat(plan).contains(new Resource.Directory("/var/lib/kaizen-backup", "0755", "root", "root"),
                new Resource.Directory("/var/lib/kaizen-backup/.ssh", "0755", "root", "root"));
        assertThat(file(plan, "/etc/cron.d/kaizen-snapshot").content()).isEqualTo("""
                # Managed by kaizen install: the daily snapshot of this node.
                # stdout goes to the log; stderr carries only problems, so cron mails exactly the failures and warnings.
                SHELL=/bin/sh
                PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
                MAILTO=ops@example.org
                30 2 * * * root /usr/local/bin/kaizen snapshot --config /etc/kaizen/node.yaml >>/var/log/kaizen/snapshot.log
                """);
        assertThat(file(plan, "/etc/logrotate.d/kaizen").content()).contains("/var/log/kaizen/*.log {\n  weekly\n  rotate 8\n")
                .endsWith("  create 0640 root adm\n}\n");
        assertThat(plan).contains(new Resource.Directory("/backups", "0700", "root", "root"),
                new Resource.Directory("/var/log/kaizen", "0750", "root", "adm"),
                new Resource.Absent("/etc/cron.d/kaizen-collect"), new Resource.Absent("/etc/kaizen/collector.yaml"));
        assertThat(plan).filteredOn(r -> r instanceof Resource.Account).hasSize(1);
    }

    @Test
    void aControllerDumpsEveryMysqlDatabaseAndANodeWithoutKeysHasAnAuthorizedKeysWithNoKey() {
        List<Resource> plan = InstallPlan.install(new InstallSettings(Role.CONTROLLER, List.of(), Optional.empty(),
                Optional.empty(), "controller-1", "/backups", false));
        assertThat(file(plan, "/etc/kaizen/node.yaml").content()).contains("""
                  - path: "/var/log/glance"
                    optional: true
                  - mysql:
                      name: "openstack"
                      defaults-file: "/etc/kaizen/my.cnf"
                retention:
                """);
        Resource.File keys = file(plan, "/var/lib/kaizen-backup/.ssh/authorized_keys");
        assertThat(keys.content().lines().toList()).as("only the header: a key put there by other means is removed")
                .singleElement().asString().startsWith("# Managed by kaizen install");
        assertThat(List.of(keys.mode(), keys.owner(), keys.group())).containsExactly("0644", "root", "root");
        assertThat(plan).contains(new Resource.Directory("/var/lib/kaizen-backup/.ssh", "0755", "root", "root"));
        assertThat(file(plan, "/etc/cron.d/kaizen-snapshot").content()).doesNotContain("MAILTO");
    }

    @Test
    void aCollectorGetsItsKeyPairConfigAndCronAndLosesTheNodeParts() {
        List<Resource> plan = InstallPlan.install(new InstallSettings(Role.COLLECTOR, List.of(), Optional.empty(),
                Optional.empty(), "backup-1", "/backups", false));
        assertThat(file(plan, "/etc/kaizen/collector.yaml").content()).isEqualTo("""
                # Managed by kaizen install: the collector configuration of `kaizen collect`.
                dest: "/srv/backups"
                identity: "/etc/kaizen/id_ed25519"
                known-hosts: "/etc/kaizen/known_hosts"
                inventory: "/etc/kaizen/nodes.yaml"
                parallel: 4
                max-age: "26h"
                retention:
                  keep-days: 8
                  min-keep: 2
                """);
        assertThat(file(plan, "/etc/kaizen/nodes.yaml").content()).endsWith("inventory:\n  directory: \"/etc/kaizen/nodes.d\"\n");
        assertThat(file(plan, "/etc/cron.d/kaizen-collect").content())
                .endsWith("30 5 * * * root /usr/local/bin/kaizen collect --config /etc/kaizen/collector.yaml >>/var/log/kaizen/collect.log\n");
        assertThat(plan).contains(new Resource.KeyPair("/etc/kaizen/id_ed25519", "kaizen-collector@backup-1"),
                new Resource.Directory("/srv/backups", "0700", "root", "root"), new Resource.Absent("/etc/kaizen/node.yaml"),
                new Resource.Absent("/etc/sudoers.d/kaizen-backup"), new Resource.NoAccount("kaizen-backup"),
                new Resource.Absent("/etc/cron.d/kaizen-snapshot"));
    }

    @Test
    void uninstallRemovesEverythingButTheStores() {
        assertThat(InstallPlan.uninstall()).allMatch(r -> r instanceof Resource.Absent || r instanceof Resource.NoAccount)
                .noneMatch(r -> r.describe().contains("/backups"));
    }

    @Test
    void theStoreAndRsyncModeGoIntoTheForcedCommandAndOnlyASafePathIsAccepted() {
        List<Resource> plan = InstallPlan.install(new InstallSettings(Role.COMPUTE, List.of(KEY), Optional.empty(),
                Optional.empty(), "compute-1", "/srv/node-backups_1.d", true));
        assertThat(file(plan, "/etc/sudoers.d/kaizen-backup").content())
                .endsWith("NOPASSWD: /usr/local/bin/kaizen serve --store /srv/node-backups_1.d --allow-rsync\n");
        assertThat(file(plan, "/var/lib/kaizen-backup/.ssh/authorized_keys").content())
                .contains("command=\"sudo -n /usr/local/bin/kaizen serve --store /srv/node-backups_1.d --allow-rsync\"");
        assertThat(file(plan, "/etc/kaizen/node.yaml").content()).contains("store: \"/srv/node-backups_1.d\"");
        for (String bad : List.of("/backups;id", "/back ups", "/backups\"", "/b$HOME", "relative", "/", "/a/../b", "/a/./b",
                "/a//b", "/a/", "/a/.hidden", "/a\nb", "/a`id`")) {
            assertThatThrownBy(() -> new InstallSettings(Role.COMPUTE, List.of(), Optional.empty(), Optional.empty(), "h",
                    bad, false)).as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("store");
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new InstallSettings(Role.COMPUTE, List.of("ssh-ed25519 not base64!"), Optional.empty(),
                Optional.empty(), "h", "/backups", false)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new InstallSettings(Role.COLLECTOR, List.of(KEY), Optional.empty(), Optional.empty(), "h", "/backups", false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("for nodes");
        assertThatThrownBy(() -> new InstallSettings(Role.COMPUTE, List.of(), Optional.of("10.0.0.1\" ,x"), Optional.empty(), "h", "/backups", false))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new InstallSettings(Role.COMPUTE, List.of(), Optional.empty(), Optional.of("a\nb"), "h", "/backups", false))
                .isInstanceOf(ConfigException.class);
        assertThat(InstallSettings.publicKey(KEY + " someone@host\n")).isEqualTo(KEY);
    }
}
