package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesANewFileWithTheGivenMode() throws IOException {
        Path file = dir.resolve("metrics.prom");
        AtomicFile.write(file, "a 1\n".getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r-----"));

        assertThat(file).hasContent("a 1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(entries()).containsExactly(file);
    }

    @Test
    void replacesTheContentAndKeepsTheModeWhenNoneIsGiven() throws IOException {
        Path file = dir.resolve("last-run.json");
        Files.writeString(file, "old content, longer than the new one");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        AtomicFile.write(file, null, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            out.close();
        });

        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(entries()).containsExactly(file);
    }

    @Test
    void aFailingWriterLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "kept");

        assertThatThrownBy(() -> AtomicFile.write(file, null, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(file).hasContent("kept");
        assertThat(entries()).containsExactly(file);
    }

    @Test
    void aRefusedTemporaryFileNeverReplacesTheTarget() throws IOException {
        Path file = dir.resolve("sudoers");
        Path[] seen = new Path[1];

        assertThatThrownBy(() -> AtomicFile.write(file, null, out -> out.write('x'), temp -> {
            seen[0] = temp;
            assertThat(temp).hasContent("x").hasParent(dir);
            throw new IOException("invalid");
        })).hasMessage("invalid");

        assertThat(seen[0]).isNotNull();
        assertThat(entries()).isEmpty();
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
