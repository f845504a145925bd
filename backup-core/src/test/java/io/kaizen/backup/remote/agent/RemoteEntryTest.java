package io.kaizen.backup.remote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteEntryTest {
    private static RemoteEntry special(RemoteEntry.Type type, String name, long device) {
        return new RemoteEntry(type, name.getBytes(StandardCharsets.UTF_8), 0620, 0, 5, 1_700_000_000L, 42, 0, null,
                null, device);
    }

    private static byte[] listing(boolean specials, RemoteEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (RemoteEntry entry : entries) {
            entry.write(out, specials);
        }
        RemoteEntry.writeEnd(out);
        return bytes.toByteArray();
    }

    private static List<RemoteEntry> read(byte[] listing, boolean specials) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(listing));
        List<RemoteEntry> entries = new ArrayList<>();
        Optional<RemoteEntry> entry;
        while ((entry = RemoteEntry.read(in, specials)).isPresent()) {
            entries.add(entry.get());
        }
        return entries;
    }

    @Test
    void aListingWithSpecialsTellsFifosAndDevicesApartWithTheirNumbers() throws IOException {
        RemoteEntry fifo = special(RemoteEntry.Type.FIFO, "run/pipe", 0);
        RemoteEntry tty = special(RemoteEntry.Type.CHARACTER_DEVICE, "dev/tty0", (4L << 8) | 1);
        RemoteEntry disk = special(RemoteEntry.Type.BLOCK_DEVICE, "dev/big", (259L << 8) | (1L << 32) | 0x1234_5);
        RemoteEntry socket = special(RemoteEntry.Type.SOCKET, "run/sock", 0);
        List<RemoteEntry> read = read(listing(true, fifo, tty, disk, socket), true);
        assertThat(read).extracting(RemoteEntry::type).containsExactly(RemoteEntry.Type.FIFO,
                RemoteEntry.Type.CHARACTER_DEVICE, RemoteEntry.Type.BLOCK_DEVICE, RemoteEntry.Type.SOCKET);
        assertThat(read).extracting(RemoteEntry::device).containsExactly(0L, tty.device(), disk.device(), 0L);
        assertThat(read).extracting(RemoteEntry::mode).containsOnly(0620);
        assertThat(read).extracting(RemoteEntry::mtimeNanos).containsOnly(42);
    }

    @Test
    void aListingWithoutSpecialsSendsThemAsOtherAsProtocolOneClientsExpect() throws IOException {
        byte[] listing = listing(false, special(RemoteEntry.Type.FIFO, "p", 0),
                special(RemoteEntry.Type.CHARACTER_DEVICE, "c", 0x501));
        assertThat(read(listing, false)).extracting(RemoteEntry::type)
                .containsExactly(RemoteEntry.Type.OTHER, RemoteEntry.Type.OTHER);
        assertThat(read(listing, false)).extracting(RemoteEntry::device).containsOnly(0L);
    }

    @Test
    void eachListingRefusesTheOtherKindsTypes() throws IOException {
        byte[] told = listing(true, special(RemoteEntry.Type.FIFO, "p", 0));
        assertThatThrownBy(() -> read(told, false)).hasMessageContaining("unknown entry type");
        byte[] untold = listing(false, special(RemoteEntry.Type.FIFO, "p", 0));
        assertThatThrownBy(() -> read(untold, true)).hasMessageContaining("unknown entry type");
    }
}
