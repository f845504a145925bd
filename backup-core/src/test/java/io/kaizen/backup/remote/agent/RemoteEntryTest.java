package io.kaizen.backup.remote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.fs.Xattrs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RemoteEntryTest {
    private static RemoteEntry special(RemoteEntry.Type type, String name, long device) {
        return new RemoteEntry(type, name.getBytes(StandardCharsets.UTF_8), 0620, 0, 5, 1_700_000_000L, 42, 0, null,
                null, device);
    }

    private static byte[] listing(boolean specials, RemoteEntry... entries) throws IOException {
        return listing(specials ? RemoteEntry.Listing.SPECIALS : RemoteEntry.Listing.PLAIN, entries);
    }

    private static byte[] listing(RemoteEntry.Listing form, RemoteEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (RemoteEntry entry : entries) {
            entry.write(out, form);
        }
        RemoteEntry.writeEnd(out);
        return bytes.toByteArray();
    }

    private static List<RemoteEntry> read(byte[] listing, boolean specials) throws IOException {
        return read(listing, specials ? RemoteEntry.Listing.SPECIALS : RemoteEntry.Listing.PLAIN);
    }

    private static List<RemoteEntry> read(byte[] listing, RemoteEntry.Listing form) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(listing));
        List<RemoteEntry> entries = new ArrayList<>();
        Optional<RemoteEntry> entry;
        while ((entry = RemoteEntry.read(in, form)).isPresent()) {
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

    private static Xattrs xattrs(Object... namesAndValues) {
        TreeMap<String, byte[]> values = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], (byte[]) namesAndValues[i + 1]);
        }
        return new Xattrs(values);
    }

    private static RemoteEntry file(String name, Xattrs xattrs) {
        return new RemoteEntry(RemoteEntry.Type.FILE, name.getBytes(StandardCharsets.UTF_8), 0644, 0, 0, 1_700_000_000L,
                0, 3, null, null, 0, xattrs);
    }

    /** An entry list of one file whose attributes are {@code raw}, as a hostile agent may write them. */
    private static byte[] fileWithRawXattrs(ThrowingWriter raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        file("f", Xattrs.NONE).write(out, RemoteEntry.Listing.SPECIALS);
        raw.write(out);
        RemoteEntry.writeEnd(out);
        return bytes.toByteArray();
    }

    private interface ThrowingWriter {
        void write(DataOutputStream out) throws IOException;
    }

    private static void attribute(DataOutputStream out, String name, int claimed, int sent) throws IOException {
        out.writeByte(name.length());
        out.writeBytes(name);
        out.writeInt(claimed);
        out.write(new byte[sent]);
    }

    @Test
    void aListingWithXattrsCarriesACLsAndAttributesOfEveryNamespaceByteForByte() throws IOException {
        byte[] acl = {2, 0, 0, 0, 1, 0, 6, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        Xattrs all = xattrs("security.capability", new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0}, Xattrs.ACCESS_ACL, acl,
                Xattrs.DEFAULT_ACL, acl, "trusted.md5", new byte[0], "user.origin", new byte[65_536]);
        RemoteEntry dir = new RemoteEntry(RemoteEntry.Type.DIRECTORY, "etc".getBytes(StandardCharsets.UTF_8), 0755, 0,
                0, 1_700_000_000L, 0, 0, null, null, 0, all);
        RemoteEntry link = new RemoteEntry(RemoteEntry.Type.SYMLINK, "etc/l".getBytes(StandardCharsets.UTF_8), 0777, 0,
                0, 1_700_000_000L, 0, 0, null, "x".getBytes(StandardCharsets.UTF_8), 0, xattrs("security.selinux",
                "system_u:object_r:etc_t:s0\0".getBytes(StandardCharsets.US_ASCII)));
        List<RemoteEntry> read = read(listing(RemoteEntry.Listing.XATTRS, dir, link, file("etc/m", Xattrs.NONE)),
                RemoteEntry.Listing.XATTRS);
        assertThat(read).extracting(RemoteEntry::xattrs).containsExactly(all, link.xattrs(), Xattrs.NONE);
        assertThat(read.get(0).xattrs().values().get(Xattrs.ACCESS_ACL)).isEqualTo(acl);
        assertThat(read(listing(RemoteEntry.Listing.SPECIALS, dir), RemoteEntry.Listing.SPECIALS).get(0).xattrs())
                .as("a listing without attributes carries none").isEqualTo(Xattrs.NONE);
    }

    @Test
    void attributesPastTheBoundsAreRefusedBeforeTheyAreRead() throws IOException {
        assertThatThrownBy(() -> read(fileWithRawXattrs(out -> out.writeShort(1025)), RemoteEntry.Listing.XATTRS))
                .isInstanceOf(AgentException.class).hasMessage("f: 1025 extended attributes (limit 1024)");
        assertThatThrownBy(() -> read(fileWithRawXattrs(out -> {
            out.writeShort(1);
            attribute(out, "user.a", 65_537, 0);
        }), RemoteEntry.Listing.XATTRS)).hasMessage("f: extended attribute user.a of 65537 bytes (limit 65536)");
        assertThatThrownBy(() -> read(fileWithRawXattrs(out -> {
            out.writeShort(1);
            attribute(out, "user.a", -1, 0);
        }), RemoteEntry.Listing.XATTRS)).hasMessage("f: extended attribute user.a of 4294967295 bytes (limit 65536)");
        assertThatThrownBy(() -> read(fileWithRawXattrs(out -> {
            out.writeShort(16);
            for (int i = 0; i < 16; i++) {
                attribute(out, "user.a" + Integer.toHexString(i), 65_536, 65_536);
            }
        }), RemoteEntry.Listing.XATTRS)).hasMessage("f: extended attributes of more than 1048576 bytes");
    }

    @Test
    void attributeNamesOutsideTheKeptNamespacesOrOutOfOrderAreRefused() {
        for (String name : List.of("", "user.", "system.nfs4_acl", "user.with space", "user.\u00e9", "os2.x")) {
            assertThatThrownBy(() -> read(fileWithRawXattrs(out -> {
                out.writeShort(1);
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                out.writeByte(bytes.length);
                out.write(bytes);
                out.writeInt(0);
            }), RemoteEntry.Listing.XATTRS)).as(name).isInstanceOf(AgentException.class)
                    .hasMessageContaining("extended attribute name");
        }
        for (String second : List.of("user.a", "user.A")) {
            assertThatThrownBy(() -> read(fileWithRawXattrs(out -> {
                out.writeShort(2);
                attribute(out, "user.a", 0, 0);
                attribute(out, second, 0, 0);
            }), RemoteEntry.Listing.XATTRS)).as(second).hasMessage("f: extended attribute " + second
                    + " out of order or repeated");
        }
    }
}
