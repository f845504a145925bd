package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.FileSystemImage;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
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
        OpenDirectory dir = OpenDirectory.open(tmp).orElseThrow();

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

    /**
     * Listed relative to their open directories, entries are found after the directories were moved away from the
     * paths given: by {@code listxattrat} on a kernel that has it (Linux 6.13 and later, as where the suite runs);
     * by path, which then is gone, on an older kernel and whenever the at-calls are off.
     */
    @Test
    void sameListsEachEntryRelativeToItsOpenDirectoryWhereTheKernelHasListxattrat() throws Exception {
        TreeBuilder.at(tmp).file("one/a", "1").file("one/plain", "1").file("other/plain", "1")
                .xattr("one/a", "user.v", "one").symlink("other/a", "plain");
        try (OpenDirectory one = OpenDirectory.open(tmp.resolve("one")).orElseThrow();
                OpenDirectory other = OpenDirectory.open(tmp.resolve("other")).orElseThrow()) {
            Files.move(tmp.resolve("one"), tmp.resolve("one-moved"));
            Files.move(tmp.resolve("other"), tmp.resolve("other-moved"));
            Path a = tmp.resolve("one/a");
            Path plain = tmp.resolve("one/plain");
            Path otherA = tmp.resolve("other/a");
            Path otherPlain = tmp.resolve("other/plain");

            if (kernelHasListxattrat()) {
                assertThat(xattrs.same(plain, one, otherPlain, other)).isTrue();
                assertThat(xattrs.same(a, one, otherA, other)).isFalse();
            } else {
                assertThatThrownBy(() -> xattrs.same(plain, one, otherPlain, other))
                        .isInstanceOf(NoSuchFileException.class);
            }
            ExtendedAttributes byPath = new ExtendedAttributes(true, false);
            assertThatThrownBy(() -> byPath.same(plain, one, otherPlain, other))
                    .isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void withoutTheAtCallsSameListsByPathAndGivesTheSameAnswers() throws Exception {
        TreeBuilder.at(tmp).file("one/a", "1").file("one/b", "1").file("other/a", "1").file("other/b", "1")
                .xattr("one/a", "user.v", "one").xattr("other/a", "user.v", "one").xattr("other/b", "user.w", "w");
        ExtendedAttributes byPath = new ExtendedAttributes(true, false);
        try (OpenDirectory one = OpenDirectory.open(tmp.resolve("one")).orElseThrow();
                OpenDirectory other = OpenDirectory.open(tmp.resolve("other")).orElseThrow()) {
            for (ExtendedAttributes each : List.of(xattrs, byPath)) {
                assertThat(each.same(tmp.resolve("one/a"), one, tmp.resolve("other/a"), other)).isTrue();
                assertThat(each.same(tmp.resolve("one/b"), one, tmp.resolve("other/b"), other)).isFalse();
                assertThat(each.same(tmp.resolve("one/a"), null, tmp.resolve("other/b"), other)).isFalse();
            }
        }
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

    /** {@code listxattrat} came with Linux 6.13. */
    private static boolean kernelHasListxattrat() {
        String[] version = System.getProperty("os.version").split("[.-]");
        int major = Integer.parseInt(version[0]);
        return major > 6 || major == 6 && Integer.parseInt(version[1]) >= 13;
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static String getfattr(Path root, String name) {
        return new String(Commands.bytes(root, "getfattr", "-h", "-d", "-m", "-", "-e", "hex", name),
                StandardCharsets.UTF_8);
    }
}
