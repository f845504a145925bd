package io.kaizen.backup.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.FileStat;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A new file made with {@link Attributes#creationMode} and {@link Attributes#applyToNewFile} ends as its source. */
class AttributesIT {
    private static final long MTIME = 1_700_000_000_123_456_789L;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0644, 0600, 0755, 0777, 0666, 0000, 0444, 0220, 04755, 02750, 01777, 06711})
    void aNewFileGetsTheSourcesModeMtimeAndAsRootItsOwners(int mode) throws Exception {
        Attributes attributes = Attributes.forThisProcess();
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        FileStat made = FileStat.of(dir);
        int uid = attributes.setsOwners() ? 4321 : made.uid();
        int gid = attributes.setsOwners() ? 8765 : made.gid();
        FileStat source = new FileStat(FileStat.Type.FILE, mode, uid, gid, 1, 0, MTIME, null);
        Path file = dir.resolve("f");
        try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes.creationMode(source))) {
            out.write(ByteBuffer.wrap(new byte[] {1}));
        }

        attributes.applyToNewFile(file, source, attributes.groupOfNewFiles(made));

        FileStat result = FileStat.of(file);
        assertThat(Integer.toOctalString(result.mode())).isEqualTo(Integer.toOctalString(mode));
        assertThat(result.mtimeNanos()).isEqualTo(MTIME);
        assertThat(result.uid()).isEqualTo(uid);
        assertThat(result.gid()).isEqualTo(gid);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8765})
    void inASetgidDirectoryTheFileEndsWithTheSourcesGroupNotTheDirectorysGroup(int sourceGid) throws Exception {
        Attributes attributes = Attributes.forThisProcess();
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        if (attributes.setsOwners()) {
            Files.setAttribute(dir, "unix:gid", 5555);
        }
        Files.setAttribute(dir, "unix:mode", 02775);
        FileStat made = FileStat.of(dir);
        int gid = attributes.setsOwners() ? sourceGid : made.gid();
        FileStat source = new FileStat(FileStat.Type.FILE, 0640, made.uid(), gid, 1, 0, MTIME, null);
        Path file = dir.resolve("f");
        Files.createFile(file, attributes.creationMode(source));

        attributes.applyToNewFile(file, source, attributes.groupOfNewFiles(made));

        assertThat(FileStat.of(file).gid()).isEqualTo(gid);
        assertThat(Integer.toOctalString(FileStat.of(file).mode())).isEqualTo("640");
    }
}
