package io.kaizen.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.source.MysqlSource;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.source.PostgresqlSource;
import io.kaizen.backup.source.SshCommandSource;
import io.kaizen.backup.volume.SnapshotSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private Path write(String yaml) throws IOException {
        return Files.writeString(tmp.resolve("node.yaml"), yaml);
    }

    @Test
    void theDocumentedExampleLoads() throws Exception {
        NodeConfig config = ConfigLoader.loadNode(write("""
                store: /backups
                engine: rsync
                delta-min-size: 64M
                sources:
                  - path: /etc/nova
                  - path: /var/lib/nova
                    exclude: [instances/]
                  - dump: mysql-all
                    command: [mysqldump, --all-databases, --single-transaction]
                retention:
                  keep-days: 8
                  min-keep: 2
                """));
        assertThat(config.storePath()).contains(Path.of("/backups"));
        assertThat(config.engine()).isEqualTo("rsync");
        assertThat(config.deltaMinSizeBytes()).contains(64L << 20);
        assertThat(config.toSources()).hasSize(3);
        assertThat(config.toSources().get(1)).isInstanceOfSatisfying(PathSource.class,
                p -> assertThat(p.filters().rules()).extracting(r -> r.pattern()).containsExactly("instances/"));
        assertThat(config.toSources().get(2)).isInstanceOfSatisfying(DumpSource.class,
                d -> assertThat(d.command()).containsExactly("mysqldump", "--all-databases", "--single-transaction"));
        assertThat(config.retentionPolicy()).contains(RetentionPolicy.keepDays(8));
    }

    @Test
    void gfsRetentionLoads() throws Exception {
        NodeConfig config = ConfigLoader.loadNode(write("""
                sources: [{path: /etc}]
                retention: {keep-daily: 7, keep-weekly: 4, min-keep: 3}
                """));
        assertThat(config.retentionPolicy()).contains(RetentionPolicy.gfs(7, 4, 0, 0).withMinKeep(3));
    }

    @Test
    void aTypoedKeyNamesFileLineAndTheKey() throws Exception {
        Path file = write("""
                store: /backups
                sources:
                  - path: /etc
                    exclud: [x]
                """);
        assertThatThrownBy(() -> ConfigLoader.loadNode(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":4")
                .hasMessageContaining("unknown key 'exclud'")
                .hasMessageContaining("exclude");
    }

    @Test
    void aTypoedTopLevelKeyIsAnError() throws Exception {
        Path file = write("store: /backups\nretension: {keep-days: 8}\n");
        assertThatThrownBy(() -> ConfigLoader.loadNode(file)).hasMessageContaining(file + ":2")
                .hasMessageContaining("unknown key 'retension'");
    }

    @Test
    void aTypoedKeyWinsOverTheComplaintItCauses() throws Exception {
        Path file = write("sources:\n  - pth: /etc\nretention:\n  keep-dayz: 8\n");
        assertThatThrownBy(() -> ConfigLoader.loadNode(file)).hasMessage(file + ":2: unknown key 'pth' in sources[1]");
    }

    @Test
    void aWrongTypeNamesFileLineAndKey() throws Exception {
        Path file = write("sources: [{path: /etc}]\nretention:\n  keep-days: eight\n");
        assertThatThrownBy(() -> ConfigLoader.loadNode(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":3").hasMessageContaining("retention.keep-days");
    }

    @Test
    void aListWhereAStringBelongsIsAnError() throws Exception {
        Path file = write("store: [/a, /b]\n");
        assertThatThrownBy(() -> ConfigLoader.loadNode(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":1").hasMessageContaining("store");
    }

    @Test
    void semanticErrorsNameTheFileAndLine() throws Exception {
        List<String> bad = List.of(
                "sources:\n  - path: etc/relative\n",
                "sources:\n  - path: /etc\n    dump: x\n",
                "sources:\n  - dump: db\n",
                "sources: [{path: /etc}]\nretention: {keep-days: 0}\n",
                "sources: [{path: /etc}]\nretention: {keep-days: -3}\n",
                "sources: [{path: /etc}]\nengine: turbo\n",
                "sources: [{path: /etc}]\ndelta-min-size: lots\n");
        for (String yaml : bad) {
            Path file = write(yaml);
            assertThatThrownBy(() -> ConfigLoader.loadNode(file)).as(yaml).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(file + ":");
        }
    }

    @Test
    void keepDaysZeroSaysSo() throws Exception {
        Path file = write("sources: [{path: /etc}]\nretention: {keep-days: 0}\n");
        assertThatThrownBy(() -> ConfigLoader.loadNode(file)).hasMessageContaining("keep-days must be at least 1");
    }

    @Test
    void aMissingFileIsAConfigError() {
        assertThatThrownBy(() -> ConfigLoader.loadNode(tmp.resolve("absent.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void databaseSshCommandAndReflinkSourcesLoad() throws Exception {
        NodeConfig config = ConfigLoader.loadNode(write("""
                sources:
                  - postgresql: {name: haas, host: /var/run/postgresql, port: 5432, os-user: postgres, databases: [haas]}
                  - mysql: {name: openstack, defaults-file: /etc/kaizen/my.cnf}
                  - ssh-command: {name: switch-1, host: 10.0.0.2, user: backup, command: "show running-config",
                                  identity: /etc/kaizen/id_ed25519, known-hosts: /etc/kaizen/known_hosts, timeout: 30}
                  - path: /var/lib/libvirt/images
                    reflink: true
                  - {path: /var/lib/glance, optional: true}
                """));
        assertThat(config.toSources().get(0)).isInstanceOfSatisfying(PostgresqlSource.class, pg -> {
            assertThat(pg.name()).isEqualTo("haas");
            assertThat(pg.osUser()).isEqualTo("postgres");
            assertThat(pg.port()).isEqualTo(5432);
            assertThat(pg.databases()).containsExactly("haas");
        });
        assertThat(config.toSources().get(1)).isInstanceOfSatisfying(MysqlSource.class, my -> {
            assertThat(my.defaultsFile()).isEqualTo(Path.of("/etc/kaizen/my.cnf"));
            assertThat(my.databases()).isEmpty();
        });
        assertThat(config.toSources().get(2)).isInstanceOfSatisfying(SshCommandSource.class, ssh -> {
            assertThat(ssh.target().port()).isEqualTo(22);
            assertThat(ssh.settings().knownHosts()).isEqualTo(Path.of("/etc/kaizen/known_hosts"));
            assertThat(ssh.timeout()).hasSeconds(30);
        });
        assertThat(config.toSources().get(3)).isInstanceOfSatisfying(PathSource.class, p -> {
            assertThat(p.reflink()).isTrue();
            assertThat(p.optional()).isFalse();
        });
        assertThat(config.toSources().get(4)).isInstanceOfSatisfying(PathSource.class, p -> assertThat(p.optional()).isTrue());
    }

    @Test
    void mistakesInTheNewSourceKindsNameFileAndLine() throws Exception {
        List<String[]> bad = List.of(
                new String[] {"sources:\n  - path: /etc\n  - postgresql: {name: haas, pasword: x}\n", ":3", "unknown key 'pasword'"},
                new String[] {"sources:\n  - mysql: {defaults-file: /etc/kaizen/my.cnf}\n", ":2", "needs 'name:'"},
                new String[] {"sources:\n  - mysql: {name: db, defaults-file: my.cnf}\n", ":2", "absolute"},
                new String[] {"sources:\n  - ssh-command: {name: sw, host: h, user: u, command: c, identity: /k}\n", ":2",
                        "needs 'known-hosts:'"},
                new String[] {"sources:\n  - postgresql: {name: haas}\n    mysql: {name: other}\n", ":", "sources[1]: a source needs exactly one of"},
                new String[] {"sources:\n  - postgresql: {name: 'bad/name'}\n", ":2", "must be letters"},
                new String[] {"sources:\n  - dump: x\n    command: [true]\n    reflink: true\n", ":", "belongs to a path source"},
                new String[] {"sources:\n  - mysql: {name: db}\n    optional: true\n", ":", "'optional:' belongs to a path source"},
                new String[] {"sources:\n  - mariabackup: {name: galera, full-every: 0}\n", ":2", "full-every must be between 1 and 366"},
                new String[] {"sources:\n  - mariabackup: {full-every: 7}\n", ":2", "needs 'name:'"},
                new String[] {"sources:\n  - ssh-command: {name: sw, host: h, user: u, command: c, identity: /k,\n"
                        + "                  known-hosts: /kh, timeout: 0}\n", ":3", "timeout: must be at least 1"});
        for (String[] c : bad) {
            Path file = write(c[0]);
            assertThatThrownBy(() -> ConfigLoader.loadNode(file)).as(c[0]).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(file + c[1]).hasMessageContaining(c[2]);
        }
    }

    @Test
    void theExampleConfigsLoad() throws Exception {
        try (var examples = Files.list(Path.of("../examples/config"))) {
            List<Path> files = examples.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(files).isNotEmpty();
            for (Path file : files) {
                assertThat(ConfigLoader.loadNode(file).toSources()).as(file.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void lvmSnapshotKeysAreCheckedBeforeTheVolumeIsLookedFor() throws IOException {
        for (String[] bad : new String[][] {
                {"    snapshot: lvm\n    lvm-snapshot-size: 0%", "lvm-snapshot-size: must be 1 to 100 %, got 0 %"},
                {"    snapshot: lvm\n    lvm-snapshot-size: lots", "lvm-snapshot-size: expected a percentage of the "
                        + "volume (20%) or a size (4G), got 'lots'"},
                {"    lvm-snapshot-size: 4G", "lvm-snapshot-size: belongs with 'snapshot: lvm'"},
                {"    snapshot: btrfs", "snapshot: unknown kind 'btrfs' (expected lvm)"},
                {"    snapshot: lvm\n    reflink: true", "snapshot: lvm and reflink cannot be combined on /srv/data"}}) {
            Path file = Files.writeString(tmp.resolve("bad.yaml"), "sources:\n  - path: /srv/data\n" + bad[0] + "\n");
            assertThatThrownBy(() -> ConfigLoader.loadNode(file)).as(bad[0]).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("bad.yaml:").hasMessageContaining("sources[1]")
                    .hasMessageContaining(bad[1]);
        }
        Path dump = Files.writeString(tmp.resolve("dump.yaml"), "sources:\n  - dump: x\n    command: [true]\n"
                + "    snapshot: lvm\n");
        assertThatThrownBy(() -> ConfigLoader.loadNode(dump)).hasMessageContaining("'snapshot:' belongs to a path source");
    }

    @Test
    void anLvmSnapshotSizeIsAShareOfTheVolumeOrASize() {
        assertThat(NodeSettings.lvmSnapshotSize("25%")).isEqualTo(SnapshotSize.percent(25));
        assertThat(NodeSettings.lvmSnapshotSize("512M")).isEqualTo(SnapshotSize.bytes(512L << 20));
    }
}
