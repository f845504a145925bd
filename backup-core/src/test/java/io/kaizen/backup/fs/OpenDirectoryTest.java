package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.testing.TreeBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files opened, created, renamed and given times relative to an open directory, and by whole paths. */
class OpenDirectoryTest {
    private static final long MTIME = 1_700_000_000_123_456_789L;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFileCreatedWrittenGivenModeAndTimesAndRenamedHasThemAll(boolean open) throws IOException {
        OpenDirectory dir = open ? OpenDirectory.open(tmp).orElseThrow() : OpenDirectory.workingDirectory();
        byte[] temp = dir.nameOf(tmp.resolve(".tmp"));
        try (dir) {
            try (OpenFile file = dir.create(temp, 0600)) {
                ByteBuffer content = ByteBuffer.allocateDirect(16).put(bytes("content")).flip();
                assertThat(file.write(content)).isEqualTo(7);
                file.setMode(04750);
                file.setTimes(MTIME);
            }
            dir.rename(temp, dir.nameOf(tmp.resolve("file")));
            dir.deleteIfExists(temp);
        }

        Path file = tmp.resolve("file");
        assertThat(file).hasContent("content");
        assertThat(tmp.resolve(".tmp")).doesNotExist();
        assertThat(FileStat.of(file).mode()).isEqualTo(04750);
        assertThat(FileStat.of(file).mtimeNanos()).isEqualTo(MTIME);
    }

    @Test
    void creatingRefusesAnEntryThatExists() throws IOException {
        TreeBuilder.at(tmp).file("there", "x");
        try (OpenDirectory dir = OpenDirectory.open(tmp).orElseThrow()) {
            assertThatThrownBy(() -> dir.create(bytes("there"), 0600))
                    .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("there");
        }
    }

    @Test
    void readingOpensAFileAndAFifoWithoutBlockingAndRefusesToFollowASymlink() throws IOException {
        TreeBuilder.at(tmp).file("f", "0123456789").fifo("fifo").symlink("link", "f");
        try (OpenDirectory dir = OpenDirectory.open(tmp).orElseThrow()) {
            try (OpenFile file = dir.openForReading(bytes("f"))) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64);
                assertThat(file.regularFileSize()).isEqualTo(10);
                assertThat(file.read(buffer)).isEqualTo(10);
                assertThat(file.read(buffer)).isEqualTo(-1);
                assertThat(StandardCharsets.UTF_8.decode(buffer.flip()).toString()).isEqualTo("0123456789");
            }
            try (OpenFile fifo = dir.openForReading(bytes("fifo"))) {
                assertThat(fifo.regularFileSize()).isEqualTo(-1);
            }
            assertThatThrownBy(() -> dir.openForReading(bytes("link"))).isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("link");
            assertThatThrownBy(() -> dir.openForReading(bytes("absent"))).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void aSymlinksOwnMtimeIsSetToTheNanosecondWithoutTouchingItsTarget() throws IOException {
        TreeBuilder tree = TreeBuilder.at(tmp).file("f", "x").symlink("link", "f");
        long target = FileStat.of(tree.path("f")).mtimeNanos();

        Attributes.setSymlinkMtime(tree.path("link"), MTIME);

        assertThat(Files.getLastModifiedTime(tree.path("link"), LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS))
                .isEqualTo(MTIME);
        assertThat(FileStat.of(tree.path("f")).mtimeNanos()).isEqualTo(target);
    }

    @Test
    void closingReleasesTheDescriptors() throws IOException {
        TreeBuilder.at(tmp).file("f", "x");
        long before = openDescriptors();
        for (int i = 0; i < 100; i++) {
            try (OpenDirectory dir = OpenDirectory.open(tmp).orElseThrow();
                    OpenFile file = dir.openForReading(bytes("f"))) {
                assertThat(file.isOpen()).isTrue();
            }
        }
        assertThat(openDescriptors()).isLessThan(before + 10);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
