package io.kaizen.backup.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.store.WrittenSums;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import io.kaizen.backup.transfer.rsync.RsyncEngine;
import io.kaizen.backup.transfer.tree.JavaEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract every engine keeps (docs/ARCHITECTURE.md, "Transfer"), run against each engine on real directories. */
class EngineContractIT {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    /** {@code cap_net_raw+ep} as the kernel stores it (VFS_CAP_REVISION_2). */
    private static final String CAP_NET_RAW = "0x0100000200200000000000000000000000000000";

    @TempDir
    Path tmp;

    private TransferResult transfer(String engine, Path source, Path root, List<Path> linkDests, List<String> filters,
                                    boolean checksum) throws Exception {
        return transfer(engine, source, root, linkDests, filters, checksum, WrittenSums.withLimit(0));
    }

    private TransferResult transfer(String engine, Path source, Path root, List<Path> linkDests, List<String> filters,
                                    boolean checksum, WrittenSums written) throws Exception {
        Files.createDirectories(root);
        Engine chosen = engine.equals("rsync") ? new RsyncEngine() : new JavaEngine(JavaEngine.defaultThreads(), 0);
        return chosen.transfer(new TransferRequest(source, root, linkDests, FilterRules.parse(filters),
                checksum, written));
    }

    private static TransferResult javaTransfer(Path source, Path root, List<Path> linkDests, TreeRecords records)
            throws Exception {
        Files.createDirectories(root);
        return new JavaEngine(JavaEngine.defaultThreads(), 0).transfer(new TransferRequest(source, root, linkDests,
                FilterRules.NONE, false, WrittenSums.withLimit(0), records));
    }

    /** The record of {@code source}'s tree as "name kind" lines (names below the source), in the record's order. */
    private static List<String> recorded(TreeRecords records, Path source, Path snapshotRoot) throws Exception {
        byte[] root = NativeNames.bytes(source.getRoot().relativize(source));
        List<String> lines = new ArrayList<>();
        try (TreeRecords.Reader reader = records.of(root).orElseThrow().read()) {
            for (TreeRecords.Entry entry = reader.next(); entry != null; entry = reader.next()) {
                String name = NativeNames.display(entry.relative()).substring(root.length + 1);
                if (entry.kind() == TreeRecords.Kind.WRITTEN) {
                    Path file = NativeNames.resolve(snapshotRoot, entry.relative());
                    assertThat(HexFormat.of().formatHex(entry.sha256())).as(name).isEqualTo(Sha256.hexOf(file));
                    assertThat(entry.size()).isEqualTo(Files.size(file));
                }
                lines.add(name + " " + entry.kind());
            }
        }
        return lines;
    }

    private static String kindOf(TreeListing.Facts facts, boolean shared) {
        return switch (facts.type()) {
            case "dir" -> "DIRECTORY";
            case "symlink" -> "SYMLINK";
            case "file" -> shared ? "LINKED" : "WRITTEN";
            default -> "OTHER";
        };
    }

    private static Path inside(Path root, Path source) {
        return root.resolve(source.toString().substring(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void unchangedFilesAreLinkedAndAnyChangeOfSizeMtimeOrModeCopies(String engine) throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("same", "s").file("size", "1").file("mtime", "m")
                .file("mode", "p").root();
        for (String name : List.of("same", "size", "mtime", "mode")) {
            TreeBuilder.at(source).mtime(name, T);
        }
        assertThat(transfer(engine, source, tmp.resolve("one"), List.of(), List.of(), false).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        TreeBuilder.at(source).file("size", "22").mtime("size", T).mtime("mtime", T.plusSeconds(1)).mode("mode", 0600);
        transfer(engine, source, tmp.resolve("two"), List.of(tmp.resolve("one")), List.of(), false);

        List<String> shared = TreeListing.of(inside(tmp.resolve("two"), source))
                .sharedInodesWith(TreeListing.of(inside(tmp.resolve("one"), source)));
        assertThat(shared).containsExactly("same");
    }

    /**
     * A chain of 300 nested directories, deeper than the Java engine keeps directories open (in the deepest ones it
     * stat's, compares and links the previous copies by their full paths): unchanged files are linked at every
     * depth, a file whose mtime changed is copied, above and below that depth.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void unchangedFilesAreLinkedAtEveryDepthOfADeepTree(String engine) throws Exception {
        TreeBuilder tree = TreeBuilder.at(tmp.resolve("src"));
        List<String> files = new ArrayList<>();
        String dir = "d";
        for (int depth = 0; depth < 300; depth++, dir += "/d") {
            tree.file(dir + "/f", "content " + depth);
            files.add(dir + "/f");
        }
        Path source = tree.root();
        assertThat(transfer(engine, source, tmp.resolve("one"), List.of(), List.of(), false).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        String shallow = files.get(10);
        String deep = files.get(290);
        tree.mtime(shallow, T).mtime(deep, T);
        assertThat(transfer(engine, source, tmp.resolve("two"), List.of(tmp.resolve("one")), List.of(), false)
                .status()).isEqualTo(RunStatus.SUCCEEDED);

        List<String> shared = TreeListing.of(inside(tmp.resolve("two"), source))
                .sharedInodesWith(TreeListing.of(inside(tmp.resolve("one"), source)));
        List<String> unchanged = new ArrayList<>(files);
        unchanged.removeAll(List.of(shallow, deep));
        assertThat(shared).containsExactlyInAnyOrderElementsOf(unchanged);
    }

    /**
     * As {@code rsync -aHAX}: user and trusted attributes, an access ACL, a directory's default ACL (and the ACL its
     * child inherited), a file capability, attributes of a directory and of a symlink are all kept; a file whose ACL
     * or attribute value alone changed (same content, size, mtime and mode) gets a new inode, the others are linked.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void aclsAndExtendedAttributesAreKeptAndAChangeOfThemAloneIsNotLinked(String engine) throws Exception {
        TreeBuilder tree = TreeBuilder.at(tmp.resolve("src"))
                .file("plain", "p")
                .file("user", "u").xattr("user", "user.origin", "node-1").xattr("user", "user.binary", "0x00ff10")
                .file("trusted", "t").xattr("trusted", "trusted.tag", "kept as root")
                .file("acl", "a").acl("acl", "u:1234:r--")
                .file("acl-changes", "c").acl("acl-changes", "u:1234:r--")
                .file("value-changes", "v").xattr("value-changes", "user.state", "old")
                .file("capability", "cap").xattr("capability", "security.capability", CAP_NET_RAW)
                .dir("shared").defaultAcl("shared", "g:5678:r-x").xattr("shared", "user.dir", "d")
                .file("shared/inherits", "i")
                .symlink("link", "plain").xattr("link", "trusted.link", "l");
        for (String name : List.of("plain", "user", "trusted", "acl", "acl-changes", "value-changes", "capability",
                "shared/inherits", "shared", "link")) {
            tree.mtime(name, T);
        }
        Path source = tree.root();
        TreeListing original = TreeListing.of(source);
        assertThat(original.entries().get("acl").xattrs()).contains("system.posix_acl_access=0x");
        assertThat(original.entries().get("shared").xattrs()).contains("system.posix_acl_default=0x", "user.dir=");
        assertThat(original.entries().get("shared/inherits").xattrs()).contains("system.posix_acl_access=0x");
        assertThat(original.entries().get("capability").xattrs()).contains("security.capability=" + CAP_NET_RAW);
        assertThat(original.entries().get("link").xattrs()).contains("trusted.link=");

        assertThat(transfer(engine, source, tmp.resolve("one"), List.of(), List.of(), false).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        assertThat(TreeListing.of(inside(tmp.resolve("one"), source)).differences(original)).isEmpty();

        tree.acl("acl-changes", "u:4321:r--").xattr("value-changes", "user.state", "new");
        TreeListing changed = TreeListing.of(source);
        assertThat(changed.entries().get("acl-changes").mode()).isEqualTo(original.entries().get("acl-changes").mode());
        assertThat(transfer(engine, source, tmp.resolve("two"), List.of(tmp.resolve("one")), List.of(), false).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        TreeListing two = TreeListing.of(inside(tmp.resolve("two"), source));
        assertThat(two.differences(changed)).isEmpty();
        assertThat(two.sharedInodesWith(TreeListing.of(inside(tmp.resolve("one"), source))))
                .containsExactlyInAnyOrder("plain", "user", "trusted", "acl", "capability", "shared/inherits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void sameSizeAndMtimeButOtherContentIsLinkedUnlessChecksumIsAsked(String engine) throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("f", "aaaa").mtime("f", T).root();
        transfer(engine, source, tmp.resolve("one"), List.of(), List.of(), false);
        TreeBuilder.at(source).file("f", "bbbb").mtime("f", T);

        transfer(engine, source, tmp.resolve("quick"), List.of(tmp.resolve("one")), List.of(), false);
        transfer(engine, source, tmp.resolve("sums"), List.of(tmp.resolve("one")), List.of(), true);

        assertThat(inside(tmp.resolve("quick"), source).resolve("f")).hasContent("aaaa");
        assertThat(inside(tmp.resolve("sums"), source).resolve("f")).hasContent("bbbb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void anExcludedDirectoryPrunesItsSubtreeEvenForIncludedNamesBelowIt(String engine) throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("cache/keep.conf", "k").file("etc/keep.conf", "e").root();
        transfer(engine, source, tmp.resolve("out"), List.of(), List.of("cache/", "+ *.conf"), false);
        assertThat(inside(tmp.resolve("out"), source).resolve("cache")).doesNotExist();
        assertThat(inside(tmp.resolve("out"), source).resolve("etc/keep.conf")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void aSingleFileSourceAndItsParentsAttributesAreKept(String engine) throws Exception {
        Path dir = TreeBuilder.at(tmp.resolve("src")).file("conf/only.conf", "x").mode("conf", 0750)
                .mtime("conf", T).root();
        Path file = dir.resolve("conf/only.conf");
        transfer(engine, file, tmp.resolve("out"), List.of(), List.of(), false);
        Path copied = inside(tmp.resolve("out"), file);
        assertThat(copied).hasContent("x");
        assertThat(Files.getLastModifiedTime(copied.getParent()).toInstant()).isEqualTo(T);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(copied.getParent())))
                .isEqualTo("rwxr-x---");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void aMissingSourceFailsTheTransfer(String engine) throws Exception {
        assertThat(transfer(engine, tmp.resolve("absent"), tmp.resolve("out"), List.of(), List.of(), false).status())
                .isEqualTo(RunStatus.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void bothEnginesGiveTheSameTreeForOverlappingSources(String engine) throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("etc/nova/nova.conf", "n").file("etc/other", "o")
                .mtime("etc/nova", T).root();
        Path out = tmp.resolve(engine);
        transfer(engine, source.resolve("etc"), out, List.of(), List.of(), false);
        transfer(engine, source.resolve("etc/nova"), out, List.of(), List.of(), false);
        Path reference = tmp.resolve("reference");
        transfer("rsync", source.resolve("etc"), reference, List.of(), List.of(), false);
        transfer("rsync", source.resolve("etc/nova"), reference, List.of(), List.of(), false);
        String below = source.toString().substring(1);
        assertThat(TreeListing.of(out).below(below).differences(TreeListing.of(reference).below(below))).isEmpty();
        assertThat(TreeListing.of(out).below(below).entries()).containsKeys("etc", "etc/nova", "etc/nova/nova.conf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void everySumAnEngineRecordsIsTheContentOfTheFileAtThatPath(String engine) throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("a", "alpha").file("dir/b", "beta").file("dir/c", "")
                .file("kept", "same").mtime("kept", T).root();
        Files.write(source.resolve("big"), new byte[3 << 17]);
        transfer(engine, source, tmp.resolve("one"), List.of(), List.of(), false, WrittenSums.withLimit(0));
        Files.writeString(source.resolve("a"), "changed");
        WrittenSums written = WrittenSums.create();

        transfer(engine, source, tmp.resolve("two"), List.of(tmp.resolve("one")), List.of(), false, written);

        Path copy = inside(tmp.resolve("two"), source);
        List<String> recorded = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp.resolve("two"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] sum = written.get(NativeNames.bytes(tmp.resolve("two").relativize(file)));
                if (sum != null) {
                    assertThat(HexFormat.of().formatHex(sum)).as(file.toString()).isEqualTo(Sha256.hexOf(file));
                    recorded.add(copy.relativize(file).toString());
                }
            }
        }
        if (engine.equals("java")) {
            assertThat(recorded).as("the changed file is copied and its sum recorded; linked files are not copied")
                    .containsExactly("a");
        } else {
            assertThat(recorded).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsync", "java"})
    void anUnchangedSymlinkIsHardLinkedToItsPreviousCopyAsRsyncDoes(String engine) throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).symlink("same", "a").symlink("retargeted", "a")
                .symlink("touched", "a").root();
        for (String name : List.of("same", "retargeted", "touched")) {
            TreeBuilder.at(source).mtime(name, T.plusNanos(123_456_789));
        }
        transfer(engine, source, tmp.resolve("one"), List.of(), List.of(), false);
        Files.delete(source.resolve("retargeted"));
        TreeBuilder.at(source).symlink("retargeted", "b").mtime("retargeted", T.plusNanos(123_456_789))
                .mtime("touched", T.plusSeconds(1));

        transfer(engine, source, tmp.resolve("two"), List.of(tmp.resolve("one")), List.of(), false);

        Path one = inside(tmp.resolve("one"), source);
        Path two = inside(tmp.resolve("two"), source);
        assertThat(inode(two.resolve("same"))).isEqualTo(inode(one.resolve("same")));
        assertThat(inode(two.resolve("retargeted"))).isNotEqualTo(inode(one.resolve("retargeted")));
        assertThat(Files.readSymbolicLink(two.resolve("retargeted"))).hasToString("b");
        assertThat(inode(two.resolve("touched"))).isNotEqualTo(inode(one.resolve("touched")));
        assertThat(Files.getLastModifiedTime(two.resolve("touched"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .toInstant()).isEqualTo(T.plusSeconds(1));
    }

    private static Object inode(Path path) throws Exception {
        return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    @org.junit.jupiter.api.Test
    void theJavaEngineRecordsEveryEntryItMadeInTreeOrderWithHowItMadeIt() throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("a", "alpha").file("dir/b", "beta").file("dir/c", "")
                .file("dir/sub/d", "delta").file("dir-x/e", "echo").file(new byte[] {'n', (byte) 0xe9, '\\', 'q'},
                        new byte[] {1}).symlink("dir/link", "b").fifo("pipe").file("hard/one", "shared")
                .hardlink("hard/two", "hard/one").dir("empty").root();
        TreeBuilder.at(source).mtime("a", T).mtime("dir/b", T).mtime("dir/c", T);
        TreeRecords first = TreeRecords.spooledIn(Files.createDirectories(tmp.resolve("spools1")));
        assertThat(javaTransfer(source, tmp.resolve("one"), List.of(), first).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        Files.writeString(source.resolve("dir/b"), "changed");
        TreeRecords second = TreeRecords.spooledIn(Files.createDirectories(tmp.resolve("spools2")));

        javaTransfer(source, tmp.resolve("two"), List.of(tmp.resolve("one")), second);

        Path one = inside(tmp.resolve("one"), source);
        Path two = inside(tmp.resolve("two"), source);
        TreeListing before = TreeListing.of(one);
        TreeListing after = TreeListing.of(two);
        List<String> shared = after.sharedInodesWith(before);
        List<String> expected = new ArrayList<>();
        after.entries().forEach((name, facts) -> expected.add(name + " " + kindOf(facts, shared.contains(name))
                .replace("LINKED", name.startsWith("hard/two") ? "FILE" : "LINKED")));
        assertThat(recorded(second, source, tmp.resolve("two"))).containsExactlyElementsOf(expected).contains("a LINKED",
                "dir/b WRITTEN", "hard/two FILE", "pipe OTHER", "dir/link SYMLINK", "empty DIRECTORY");
        List<String> firstExpected = new ArrayList<>();
        before.entries().forEach((name, facts) -> firstExpected.add(name + " " + kindOf(facts, false)
                .replace("WRITTEN", name.equals("hard/two") ? "FILE" : "WRITTEN")));
        assertThat(recorded(first, source, tmp.resolve("one"))).containsExactlyElementsOf(firstExpected);
    }

    @org.junit.jupiter.api.Test
    void aJavaTransferThatSkippedAnEntryLeavesNoRecordSoTheSumsPassWalksIt() throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("a", "alpha").root();
        try (java.nio.channels.ServerSocketChannel socket = java.nio.channels.ServerSocketChannel
                .open(java.net.StandardProtocolFamily.UNIX)) {
            socket.bind(java.net.UnixDomainSocketAddress.of(source.resolve("sock")));
            TreeRecords records = TreeRecords.spooledIn(Files.createDirectories(tmp.resolve("spools")));

            assertThat(javaTransfer(source, tmp.resolve("one"), List.of(), records).status())
                    .isEqualTo(RunStatus.WARNINGS);

            assertThat(records.of(NativeNames.bytes(source.getRoot().relativize(source)))).isEmpty();
            try (Stream<Path> spools = Files.list(tmp.resolve("spools"))) {
                assertThat(spools).isEmpty();
            }
        }
    }
}
