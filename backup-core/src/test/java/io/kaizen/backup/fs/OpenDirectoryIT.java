package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries reached relative to an open directory on the real disk: {@code fstatat} and {@code linkat}. */
class OpenDirectoryIT {
    @TempDir
    Path tmp;

    @Test
    void linkatReachesBothDirectoriesByTheirDescriptorsNotTheirPaths() throws Exception {
        TreeBuilder.at(tmp).file("from/f", "content").symlink("from/link", "absent").dir("into");
        try (OpenDirectory from = OpenDirectory.open(tmp.resolve("from")).orElseThrow();
                OpenDirectory into = OpenDirectory.open(tmp.resolve("into")).orElseThrow()) {
            Files.move(tmp.resolve("from"), tmp.resolve("from-moved"));
            Files.move(tmp.resolve("into"), tmp.resolve("into-moved"));

            from.link(name("f"), into, name("g"));
            from.link(name("link"), into, name("link"));

            assertThat(FileStat.of(tmp.resolve("into-moved/g")).fileKey())
                    .isEqualTo(FileStat.of(tmp.resolve("from-moved/f")).fileKey());
            assertThat(FileStat.of(tmp.resolve("into-moved/link")).type()).isEqualTo(FileStat.Type.SYMLINK);
            assertThat(into.stat(name("g")).links()).isEqualTo(2);
        }
    }

    @Test
    void linkatRefusalsAreTheExceptionsTheJdkGivesForLink() throws Exception {
        TreeBuilder.at(tmp).file("from/f", "f").file("into/f", "there already");
        try (OpenDirectory from = OpenDirectory.open(tmp.resolve("from")).orElseThrow();
                OpenDirectory into = OpenDirectory.open(tmp.resolve("into")).orElseThrow()) {
            assertThatThrownBy(() -> from.link(name("f"), into, name("f")))
                    .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("into/f");
            assertThatThrownBy(() -> from.link(name("absent"), into, name("new")))
                    .isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> from.link(name("f"), into, name("no-dir/new")))
                    .isInstanceOf(NoSuchFileException.class);
        }
    }

    private static Path name(String name) {
        return Path.of(name);
    }
}
