package io.kaizen.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.source.PathSource;
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
                "sources: [{path: /etc}]\nengine: turbo\n");
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
}
