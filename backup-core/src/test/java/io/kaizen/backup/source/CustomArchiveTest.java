package io.kaizen.backup.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-process completion check on real archives: {@code pg_dump -Fc} of PostgreSQL 15 of a small database (a
 * table with rows, an empty table, a sequence, a large object, a comment) written to a file ({@code tiny-pg15.dump},
 * its TOC rewritten with data offsets at the end) and through a pipe ({@code tiny-pg15-piped.dump}, no offsets).
 */
class CustomArchiveTest {
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = CustomArchiveTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static CustomArchive check(byte[] archive) throws IOException {
        return CustomArchive.check(new ByteArrayInputStream(archive), archive.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-pg15.dump", "tiny-pg15-piped.dump"})
    void aWholeArchiveIsReadToItsLastByte(String name) throws IOException {
        CustomArchive archive = check(fixture(name));
        assertThat(archive.version()).isEqualTo("1.14.0");
        assertThat(archive.database()).isEqualTo("tiny");
        assertThat(archive.serverVersion()).startsWith("15.");
        assertThat(archive.dumpedBy()).as("pg_dump's own version").startsWith("15.");
        assertThat(archive.entries()).as("pg_restore --list: TOC Entries: 14").isEqualTo(14);
        assertThat(archive.dataBlocks()).as("TABLE DATA t, TABLE DATA empty, BLOBS").isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-pg15.dump", "tiny-pg15-piped.dump"})
    void anArchiveCutAtAnyByteFails(String name) throws IOException {
        byte[] whole = fixture(name);
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> check(cut)).as("cut at " + length).isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-pg15.dump", "tiny-pg15-piped.dump"})
    void bytesAfterTheLastBlockFail(String name) throws IOException {
        byte[] longer = Arrays.copyOf(fixture(name), fixture(name).length + 1);
        longer[longer.length - 1] = 1;
        assertThatThrownBy(() -> check(longer)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-pg15.dump"})
    void anotherFormatOrANewerVersionIsUnknownNotBroken(String name) throws IOException {
        byte[] newer = fixture(name);
        newer[6] = 17;
        assertThatThrownBy(() -> check(newer)).isInstanceOf(CustomArchive.UnknownVersion.class)
                .hasMessage("archive version 1.17.0");
        byte[] notAnArchive = "--\n-- PostgreSQL database dump\n".getBytes();
        assertThatThrownBy(() -> check(notAnArchive)).isInstanceOf(IOException.class).hasMessageContaining("PGDMP");
    }
}
