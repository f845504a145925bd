package io.kaizen.backup.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inventory files and directories: defaults, and strict errors with file and line. */
class InventoryLoadingTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aStaticFileWithTopLevelDefaults() throws Exception {
        Path file = write("nodes.yaml", """
                user: backup
                store: /srv/store
                nodes:
                  - {name: compute-1, host: 10.0.0.11}
                  - name: db-1
                    host: db.example.org
                    port: 2222
                    user: dbbackup
                """);
        Inventory inventory = ConfigLoader.loadInventory(file);
        assertThat(inventory.nodes()).containsExactly(
                new Node("compute-1", new io.kaizen.backup.remote.SshTarget("10.0.0.11", 22, "backup"), Path.of("/srv/store")),
                new Node("db-1", new io.kaizen.backup.remote.SshTarget("db.example.org", 2222, "dbbackup"), Path.of("/srv/store")));
    }

    @Test
    void aDirectoryOfNodeFilesNamedAfterTheFiles() throws Exception {
        write("nodes.d/compute-2.yaml", "host: 10.0.0.12\n");
        write("nodes.d/compute-1.yml", "host: 10.0.0.11\nport: 2200\n");
        write("nodes.d/.compute-3.yaml.tmp", "junk");
        write("nodes.d/README", "junk");
        Inventory inventory = ConfigLoader.loadInventory(tmp.resolve("nodes.d"));
        assertThat(inventory.nodes()).extracting(Node::name).containsExactly("compute-1", "compute-2");
        assertThat(inventory.nodes().get(0).target().port()).isEqualTo(2200);
        assertThat(inventory.nodes().get(1).target().user()).isEqualTo(Node.DEFAULT_USER);
        assertThat(inventory.nodes().get(1).store()).isEqualTo(Node.DEFAULT_STORE);
    }

    @Test
    void aFileCanPointAtADirectory() throws Exception {
        write("nodes.d/compute-1.yaml", "host: 10.0.0.11\n");
        Path file = write("inventory.yaml", "user: backup\ninventory: {directory: nodes.d}\n");
        assertThat(ConfigLoader.loadInventory(file).nodes()).extracting(n -> n.target().user()).containsExactly("backup");
    }

    @Test
    void mistakesNameTheFileAndLine() throws Exception {
        Path typo = write("typo.yaml", "nodes:\n  - name: a\n    host: h\n    prot: 22\n");
        assertThatThrownBy(() -> ConfigLoader.loadInventory(typo)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("typo.yaml:4").hasMessageContaining("unknown key 'prot'");
        Path noHost = write("nohost.yaml", "nodes:\n  - name: a\n");
        assertThatThrownBy(() -> ConfigLoader.loadInventory(noHost)).hasMessageContaining("nohost.yaml:").hasMessageContaining("nodes[1]")
                .hasMessageContaining("needs 'host:'");
        Path badName = write("badname.yaml", "nodes:\n  - {name: ../etc, host: h}\n");
        assertThatThrownBy(() -> ConfigLoader.loadInventory(badName)).hasMessageContaining("badname.yaml:2")
                .hasMessageContaining("not a valid node name");
        Path twice = write("twice.yaml", "nodes:\n  - {name: a, host: h}\n  - {name: a, host: g}\n");
        assertThatThrownBy(() -> ConfigLoader.loadInventory(twice)).hasMessageContaining("'a' appears twice");
        Path badPort = write("port.yaml", "nodes:\n  - {name: a, host: h, port: 70000}\n");
        assertThatThrownBy(() -> ConfigLoader.loadInventory(badPort)).hasMessageContaining("port.yaml:2")
                .hasMessageContaining("port must be 1-65535");
        Path collector = write("collector.yaml", "dest: /srv/backups\nparalel: 4\n");
        assertThatThrownBy(() -> ConfigLoader.loadCollector(collector)).hasMessageContaining("collector.yaml:2")
                .hasMessageContaining("unknown key 'paralel'");
    }
}
