package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFileTest {
    @TempDir
    Path tmp;

    private Path file(String mode) throws Exception {
        Path file = Files.writeString(tmp.resolve("secret-" + mode), "s3cr3t");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void aFileOnlyItsOwnerMayUsePasses() throws Exception {
        assertThatCode(() -> OwnerOnlyFile.check(file("rw-------"), "key")).doesNotThrowAnyException();
        assertThatCode(() -> OwnerOnlyFile.check(file("r--------"), "key")).doesNotThrowAnyException();
    }

    @Test
    void anyRightForGroupOrOthersIsRefusedNamingTheFileAndTheFix() throws Exception {
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw-----w-", "rw---x---"}) {
            Path file = file(mode);
            assertThatThrownBy(() -> OwnerOnlyFile.check(file, "credentials file")).as(mode)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("credentials file " + file + " is " + mode)
                    .hasMessageEndingWith("(chmod 600 " + file + ")")
                    .message().doesNotContain("s3cr3t");
        }
    }

    @Test
    void aMissingFileOrADirectoryIsRefused() {
        assertThatThrownBy(() -> OwnerOnlyFile.check(tmp.resolve("absent"), "key"))
                .isInstanceOf(ConfigException.class).hasMessage("key " + tmp.resolve("absent") + " does not exist");
        assertThatThrownBy(() -> OwnerOnlyFile.check(tmp, "key"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(tmp + " is not a regular file");
    }
}
