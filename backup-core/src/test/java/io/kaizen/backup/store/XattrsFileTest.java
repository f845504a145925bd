package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XattrsFileTest {
    @TempDir
    Path snapshot;

    private List<XattrsFile.Entry> readAll() throws IOException {
        List<XattrsFile.Entry> entries = new ArrayList<>();
        try (XattrsFile.Reader reader = XattrsFile.Reader.open(snapshot)) {
            Optional<XattrsFile.Entry> next;
            while ((next = reader.next()).isPresent()) {
                entries.add(next.get());
            }
        }
        return entries;
    }

    @Test
    void aLineIsTheAttributeItsValueInHexAndTheEscapedNameAndReadsBackByteForByte() throws IOException {
        byte[] capability = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] odd = "usr/bin/a b\nc\\d".getBytes(StandardCharsets.UTF_8);
        XattrsFile.Entry cap = new XattrsFile.Entry("usr/bin/ping".getBytes(StandardCharsets.UTF_8),
                "security.capability", capability);
        XattrsFile.Entry label = new XattrsFile.Entry(odd, "security.selinux", new byte[0]);
        assertThat(new String(XattrsFile.format(cap), StandardCharsets.US_ASCII))
                .isEqualTo("security.capability 0x0100000200200000000000000000000000000000 usr/bin/ping\n");
        assertThat(new String(XattrsFile.format(label), StandardCharsets.UTF_8))
                .isEqualTo("security.selinux 0x usr/bin/a b\\nc\\\\d\n");
        Files.createDirectories(XattrsFile.of(snapshot).getParent());
        Files.write(XattrsFile.of(snapshot), concat(XattrsFile.format(cap), XattrsFile.format(label)));

        List<XattrsFile.Entry> read = readAll();

        assertThat(read).hasSize(2);
        assertThat(read.get(0).relative()).isEqualTo(cap.relative());
        assertThat(read.get(0).attribute()).isEqualTo("security.capability");
        assertThat(read.get(0).value()).isEqualTo(capability);
        assertThat(read.get(1).relative()).isEqualTo(odd);
        assertThat(read.get(1).value()).isEmpty();
    }

    @Test
    void noFileMeansNothingRecordedAndABrokenLineIsAnErrorWithItsNumber() throws IOException {
        assertThat(readAll()).isEmpty();
        Files.createDirectories(XattrsFile.of(snapshot).getParent());
        Files.writeString(XattrsFile.of(snapshot), "security.capability 0x01 ok\nsecurity.capability 01 bad\n");
        assertThatThrownBy(this::readAll).isInstanceOf(StoreException.class).hasMessageEndingWith(":2: value without 0x");
        Files.writeString(XattrsFile.of(snapshot), "security.capability 0x0g name\n");
        assertThatThrownBy(this::readAll).hasMessageContaining(":1: ");
        Files.writeString(XattrsFile.of(snapshot), "security.capability 0x01 name");
        assertThatThrownBy(this::readAll).hasMessageEndingWith(":1: no newline at the end");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
