package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.store.Json;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree kaizen makes equals what {@code rsync -aHAX --delete --numeric-ids --link-dest} makes from the same
 * inputs, entry by entry (extended attributes and POSIX ACLs included), over two snapshots with changes in between,
 * including names Java cannot decode in the process's locale; restore brings it all back. Run for each engine, under cron's {@code LANG=C} and under UTF-8: the engines' shared
 * contract. {@code java-delta} is the Java engine rebuilding every changed file from its previous copy by delta.
 */
class EqualToRsyncIT {
    private static final byte[] LATIN1 = {'c', 'a', 'f', (byte) 0xe9, '.', 't', 'x', 't'};
    private static final byte[] INVALID_UTF8 = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '/', 'f', 'i', 'l', 'e'};

    private static final int NOBODY = 65534;
    /** {@code cap_net_raw+ep} as the kernel stores it (VFS_CAP_REVISION_2). */
    private static final String CAP_NET_RAW = "0x0100000200200000000000000000000000000000";
    private static final List<String> WITH_ACLS = List.of("xattr/acl", "xattr/acl-changes", "xattr/shared",
            "xattr/shared/inherits");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "engine {0}, LANG={1}, as {2}")
    @CsvSource({"rsync, C, root", "java, C, root", "rsync, C.UTF-8, root", "java, C.UTF-8, root",
            "rsync, C, nobody", "java, C, nobody", "java-delta, C, root", "java-delta, C.UTF-8, nobody"})
    void twoSnapshotsEqualRsyncLinkDestEntryByEntry(String engine, String lang, String user) throws Exception {
        Path source = tmp.resolve("src");
        TreeBuilder tree = nastyTree(source);
        Path rsync1 = tmp.resolve("rsync1");
        Path rsync2 = tmp.resolve("rsync2");
        Path store = tmp.resolve("store");
        Map<String, String> env = Map.of("LANG", lang);
        List<String> as = user.equals("root") ? List.of()
                : List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
        if (!as.isEmpty()) {
            giveToNobody();
        }

        List<String> engineArgs = engine.equals("java-delta")
                ? List.of("--engine", "java", "--delta-min-size", "1", "--verbose") : List.of("--engine", engine);
        rsync(as, source, rsync1, null);
        KaizenProcess.Result first = KaizenProcess.run(as, env, snapshot(engineArgs, source, store, "2026-11-23"));
        assertThat(first.exitCode()).as(first.toString()).isZero();

        change(tree);
        if (!as.isEmpty()) {
            giveToNobody();
        }
        rsync(as, source, rsync2, rsync1);
        KaizenProcess.Result second = KaizenProcess.run(as, env, snapshot(engineArgs, source, store, "2026-11-24"));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        if (engine.equals("java-delta")) {
            assertThat(second.stdout() + second.stderr()).containsPattern("big\\.bin: rebuilt by delta from .*: "
                    + "[1-9][0-9]* bytes of literal data, [1-9][0-9]* blocks of [0-9]+ bytes matched");
        }

        String inside = source.toString().substring(1);
        TreeListing kaizen1 = TreeListing.of(store.resolve("2026-11-23")).below(inside);
        TreeListing kaizen2 = TreeListing.of(store.resolve("2026-11-24")).below(inside);
        TreeListing expected1 = TreeListing.of(rsync1);
        TreeListing expected2 = TreeListing.of(rsync2);
        assertThat(kaizen1.differences(expected1)).isEmpty();
        assertThat(kaizen2.differences(expected2)).isEmpty();
        // Listings compare mtimes in seconds: rsync leaves a symlink it made in the second of its source's mtime
        // as it is. Where it sets one, it keeps nanoseconds, and so must the engine.
        for (String date : List.of("2026-11-23", "2026-11-24")) {
            assertThat(mtimeOf(store.resolve(date).resolve(inside).resolve("link-to-file")))
                    .as("symlink mtime to the nanosecond in %s", date)
                    .isEqualTo(mtimeOf(rsync1.resolve("link-to-file"))).endsWith(".1234567890");
        }
        assertThat(kaizen2.sharedInodesWith(kaizen1)).containsExactlyInAnyOrderElementsOf(expected2.sharedInodesWith(expected1))
                .isNotEmpty();
        assertThat(expected2.entries()).hasSizeGreaterThan(25);
        assertThat(expected2.entries().get("xattr/user").xattrs()).contains("user.origin=");
        assertThat(expected2.entries().get("xattr/capability").xattrs())
                .contains(user.equals("root") ? "security.capability=" + CAP_NET_RAW : "");

        long regularFiles = expected2.entries().values().stream().filter(f -> f.type().equals("file")).count();
        Map<?, ?> manifest = Json.mapper().readValue(store.resolve("2026-11-24/.kaizen/manifest.json").toFile(), Map.class);
        assertThat(((Map<?, ?>) manifest.get("counts")).get("files")).isEqualTo((int) regularFiles + 1);

        assertThat(sha256sumCheck(store.resolve("2026-11-24"), lang)).isZero();
        assertThat(KaizenProcess.run(env, "verify", "--dest", store.toString(), "--all").exitCode()).isZero();

        Path restored = tmp.resolve("restored");
        List<String> restore = new ArrayList<>(List.of("restore", "--dest", store.toString(), "--snapshot", "2026-11-24",
                "--path", source.toString(), "--to", restored.toString()));
        if (!as.isEmpty()) {
            restore.add("--force"); // the target's parent is nobody's here: restore refuses that unless forced
        }
        KaizenProcess.Result restoring = KaizenProcess.run(env, restore.toArray(String[]::new));
        assertThat(restoring.exitCode()).as(restoring.toString()).isZero();
        assertThat(TreeListing.of(restored).below(inside).differences(expected2)).isEmpty();
        String restoredAcls = getfacl(restored.resolve(inside));
        assertThat(restoredAcls).isEqualTo(getfacl(rsync2)).contains("user:1234:r--", "user:4321:r--",
                "default:group:5678:r-x");
    }

    /** The ACLs of the entries {@link #WITH_ACLS} below {@code root}, as getfacl prints them. */
    private static String getfacl(Path root) {
        List<String> argv = new ArrayList<>(List.of("getfacl", "-P", "-n", "--"));
        argv.addAll(WITH_ACLS);
        return new String(Commands.bytes(root, argv.toArray(String[]::new)), StandardCharsets.UTF_8);
    }

    private static String[] snapshot(List<String> engineArgs, Path source, Path store, String date) {
        List<String> args = new java.util.ArrayList<>(List.of("snapshot", "--source", source.toString(),
                "--exclude", "*.swp", "--exclude", source + "/excluded/", "--dest", store.toString(), "--date", date));
        args.addAll(engineArgs);
        return args.toArray(String[]::new);
    }

    private static TreeBuilder nastyTree(Path root) throws java.io.IOException {
        Instant old = Instant.parse("1999-12-31T23:59:59Z");
        Instant future = Instant.parse("2038-06-01T00:00:00Z");
        TreeBuilder tree = TreeBuilder.at(root)
                .file("plain.txt", "plain\n")
                .file("empty", "")
                .dir("empty-dir")
                .dir("deep/a/b/c/d/e/f/g/h/empty")
                .file("name with spaces.conf", "spaces")
                .file("new\nline", "newline in name")
                .file("-leading-dash", "dash")
                .file("--", "double dash")
                .file("glob*?[x].txt", "glob")
                .file("back\\slash", "backslash")
                .file(LATIN1, "latin-1 name".getBytes(StandardCharsets.UTF_8))
                .file(INVALID_UTF8, "invalid utf-8 dir".getBytes(StandardCharsets.UTF_8))
                .file("x".repeat(255), "longest name")
                .file("dir/sub/file", "in a dir")
                .symlink("link-to-file", "plain.txt")
                .symlink("link-to-dir", "dir/sub")
                .symlink("dangling", "does/not/exist")
                .symlink("loop", "loop")
                .file("hard/one", "shared inode")
                .hardlink("hard/two", "hard/one")
                .hardlink("dir/three", "hard/one")
                .file("setuid", "s").mode("setuid", 04755)
                .file("setgid", "g").mode("setgid", 02750)
                .dir("sticky").mode("sticky", 01777)
                .file("private", "p").mode("private", 0600)
                .file("owned", "o").owner("owned", 1234, 5678)
                .file("old", "old mtime").mtime("old", old)
                .file("future", "future mtime").mtime("future", future)
                .file("big.bin", "0123456789abcdef".repeat(65536))
                .file("unchanged/one", "1").file("unchanged/two", "2")
                .file("editor.swp", "excluded anywhere").file("dir/sub/also.swp", "excluded")
                .file("excluded/secret", "anchored exclude").file("dir/excluded/kept", "not anchored here")
                .file("becomes-dir", "file now").dir("becomes-file").file("becomes-link", "file now")
                .file("same-mtime", "12345").file("mtime-only", "m")
                .file("x/hard-a", "group across dirs").hardlink("y/z/hard-b", "x/hard-a")
                .fifo("fifo")
                .file("xattr/user", "u").xattr("xattr/user", "user.origin", "node-1")
                .file("xattr/read-only", "r").xattr("xattr/read-only", "user.origin", "r").mode("xattr/read-only", 0444)
                .file("xattr/trusted", "t").xattr("xattr/trusted", "trusted.tag", "root only")
                .file("xattr/acl", "a").acl("xattr/acl", "u:1234:r--")
                .file("xattr/acl-changes", "c").acl("xattr/acl-changes", "u:1234:r--")
                .file("xattr/capability", "cap").xattr("xattr/capability", "security.capability", CAP_NET_RAW)
                .dir("xattr/shared").defaultAcl("xattr/shared", "g:5678:r-x").xattr("xattr/shared", "user.dir", "d")
                .file("xattr/shared/inherits", "inherited ACL")
                .xattr("dangling", "trusted.link", "l");
        tree.mtime("same-mtime", old);
        tree.exec("truncate", "-s", "8M", tree.path("sparse").toString());
        Files.writeString(tree.path("sparse"), "start", java.nio.file.StandardOpenOption.WRITE);
        // finer than a microsecond, which the JDK's lutimes cannot set: rsync keeps it, so must the Java engine
        tree.exec("touch", "-h", "-m", "-d", "@" + old.getEpochSecond() + ".123456789",
                tree.path("link-to-file").toString());
        tree.mtime("dir/sub", old);
        return tree;
    }

    /** An entry's own mtime to the nanosecond, as find prints it. */
    private static String mtimeOf(Path path) {
        return Commands.run("find", path.toString(), "-maxdepth", "0", "-printf", "%T@");
    }

    private static void change(TreeBuilder tree) throws Exception {
        tree.acl("xattr/acl-changes", "u:4321:r--");
        Files.writeString(tree.path("plain.txt"), "changed content, new size\n");
        tree.mtime("plain.txt", Instant.parse("2026-11-24T01:00:00Z"));
        tree.mode("private", 0640);
        tree.mtime("old", Instant.parse("2001-01-01T00:00:00Z"));
        Files.delete(tree.path("--"));
        tree.file("added/new file", "new");
        Files.delete(tree.path("link-to-dir"));
        tree.symlink("link-to-dir", "dir");
        tree.hardlink("hard/four", "hard/one");
        Files.delete(tree.path("hard/two"));
        tree.file("hard/two", "no longer shared");
        tree.file("new\nline", "newline file changed");
        Files.delete(tree.path("becomes-dir"));
        tree.file("becomes-dir/inside", "now a dir");
        Files.delete(tree.path("becomes-file"));
        tree.file("becomes-file", "now a file");
        Files.delete(tree.path("becomes-link"));
        tree.symlink("becomes-link", "plain.txt");
        Files.writeString(tree.path("same-mtime"), "123456");
        tree.mtime("same-mtime", Instant.parse("1999-12-31T23:59:59Z"));
        tree.mtime("mtime-only", Instant.parse("2020-02-02T02:02:02Z"));
        String big = Files.readString(tree.path("big.bin"));
        Files.writeString(tree.path("big.bin"), big.substring(0, 100_000) + "INSERTED" + big.substring(100_000, 700_000)
                + "X" + big.substring(700_001));
    }

    /** Hands the whole test directory to the unprivileged user, as if it had made it. */
    private void giveToNobody() throws Exception {
        Process chown = new ProcessBuilder("chown", "-hR", NOBODY + ":" + NOBODY, tmp.toString()).inheritIO().start();
        assertThat(chown.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(chown.exitValue()).isZero();
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void rsync(List<String> as, Path source, Path target, Path linkDest) throws Exception {
        List<String> argv = new java.util.ArrayList<>(as);
        argv.addAll(List.of("rsync", "-aHAX", "--delete", "--numeric-ids",
                "--exclude=*.swp", "--exclude=/excluded/"));
        if (linkDest != null) {
            argv.add("--link-dest=" + linkDest);
        }
        argv.add(source + "/");
        argv.add(target + "/");
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static int sha256sumCheck(Path snapshot, String lang) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sha256sum", "-c", "--quiet", ".kaizen/SHA256SUMS")
                .directory(snapshot.toFile()).inheritIO();
        builder.environment().put("LANG", lang);
        Process p = builder.start();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return p.exitValue();
    }
}
