package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.FileSystemImage;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extended attributes and ACLs read and written on real ext4 (and exFAT, which has none), run as root. */
class ExtendedAttributesIT {
    private final ExtendedAttributes xattrs = ExtendedAttributes.forThisProcess();

    @TempDir
    Path tmp;

    @Test
    void whatSetfaclAndSetfattrSetIsReadAndWrittenBackExactlyWithoutFollowingSymlinks() throws Exception {
        TreeBuilder tree = TreeBuilder.at(tmp.resolve("src")).file("f", "f").acl("f", "u:1234:rw-")
                .xattr("f", "user.origin", "node-1").xattr("f", "trusted.tag", "0x00ff")
                .symlink("link", "f").xattr("link", "trusted.own", "link's");
        Xattrs file = xattrs.read(tree.path("f"));
        Xattrs link = xattrs.read(tree.path("link"));

        assertThat(file.values()).containsOnlyKeys(Xattrs.ACCESS_ACL, "user.origin", "trusted.tag");
        assertThat(file.values().get("trusted.tag")).containsExactly(0x00, 0xff);
        assertThat(link.values()).containsOnlyKeys("trusted.own");

        TreeBuilder copy = TreeBuilder.at(tmp.resolve("copy")).file("f", "f").symlink("link", "f");
        xattrs.write(copy.path("f"), file, true);
        xattrs.write(copy.path("link"), link, true);
        assertThat(getfattr(copy.root(), "f")).isEqualTo(getfattr(tree.root(), "f"));
        assertThat(Commands.run("getfacl", "-n", "--omit-header", copy.path("f").toString())).contains("user:1234:rw-");
        assertThat(xattrs.read(copy.path("link"))).isEqualTo(link);
        assertThat(xattrs.same(tree.path("f"), copy.path("f"))).isTrue();
    }

    @Test
    void readingThroughADescriptorSeesWhatReadingThePathSees() throws Exception {
        TreeBuilder tree = TreeBuilder.at(tmp).file("kept", "k").xattr("kept", "user.origin", "node-1")
                .acl("kept", "u:1234:rw-").file("plain", "p");
        OpenDirectory dir = OpenDirectory.open(tmp);

        try (dir; OpenFile kept = dir.openForReading(bytes("kept")); OpenFile plain = dir.openForReading(bytes("plain"))) {
            assertThat(xattrs.read(kept, tree.path("kept"))).isEqualTo(xattrs.read(tree.path("kept")))
                    .isNotEqualTo(Xattrs.NONE);
            assertThat(xattrs.read(plain, tree.path("plain"))).isEqualTo(Xattrs.NONE);
        }
    }

    @Test
    void writingOverAnEntryThatIsNotFreshRemovesWhatTheSetDoesNotHold() throws Exception {
        TreeBuilder tree = TreeBuilder.at(tmp).file("f", "f").xattr("f", "user.stale", "x").acl("f", "u:1234:r--")
                .xattr("f", "user.kept", "old");
        Xattrs wanted = new Xattrs(new TreeMap<>(Map.of("user.kept", "new".getBytes(StandardCharsets.UTF_8))));

        xattrs.write(tree.path("f"), wanted, false);

        assertThat(xattrs.read(tree.path("f"))).isEqualTo(wanted);
        assertThat(Commands.run("getfacl", "-n", "--omit-header", tree.path("f").toString())).doesNotContain("1234");
    }

    @Test
    void sameComparesValuesNotOnlyNames() throws Exception {
        TreeBuilder tree = TreeBuilder.at(tmp).file("a", "1").file("b", "1").file("c", "1").file("d", "1")
                .xattr("a", "user.v", "one").xattr("b", "user.v", "two").xattr("c", "user.v", "one");

        assertThat(xattrs.same(tree.path("a"), tree.path("c"))).isTrue();
        assertThat(xattrs.same(tree.path("a"), tree.path("b"))).isFalse();
        assertThat(xattrs.same(tree.path("a"), tree.path("d"))).isFalse();
        assertThat(xattrs.same(tree.path("d"), tree.path("d"))).isTrue();
        assertThatThrownBy(() -> xattrs.read(tmp.resolve("absent"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileSystemWithoutExtendedAttributesReadsAsNoneAndRefusesWritesAsNotSupported() throws Exception {
        try (FileSystemImage exfat = FileSystemImage.exfat(16L << 20)) {
            Path file = TreeBuilder.at(exfat.mountPoint()).file("f", "f").path("f");
            Xattrs some = new Xattrs(new TreeMap<>(Map.of("user.a", new byte[] {1})));

            assertThat(xattrs.read(file)).isEqualTo(Xattrs.NONE);
            xattrs.write(file, Xattrs.NONE, true);
            assertThatThrownBy(() -> xattrs.write(file, some, true)).isInstanceOf(ExtendedAttributes.NotSupported.class)
                    .hasMessageContaining("lsetxattr user.a");
        }
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static String getfattr(Path root, String name) {
        return new String(Commands.bytes(root, "getfattr", "-h", "-d", "-m", "-", "-e", "hex", name),
                StandardCharsets.UTF_8);
    }
}
