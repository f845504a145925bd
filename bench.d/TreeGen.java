import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic test trees for ./bench (run with the JDK's source launcher: {@code java bench.d/TreeGen.java}).
 *
 * <pre>
 *   mixed  DIR FILES SEED     a "server" tree: mostly small files, some 8-64 KB, a few 100 KB-3 MB, nested
 *                             directories, some symlinks and hard links, varied modes and mtimes (~520 MB at 100k)
 *   tiny   DIR FILES SEED     FILES files in DIR/part-N/dNNNNN/ (10 parts, 100 files a directory); every tenth
 *                             has 1-64 bytes, the others are empty
 *   mutate DIR PERCENT SEED   rewrites PERCENT % of DIR's regular files (same size, changed bytes) and moves
 *                             their mtime one day on; prints what it changed
 *   big    FILE MIB SEED      one file of MIB MiB of random bytes
 *   scatter FILE CHANGES SEED overwrites CHANGES runs of 1000 random bytes at random offsets of FILE (same size)
 *                             and moves its mtime one day on
 * </pre>
 *
 * The same arguments always give the same names, sizes, contents, modes and file mtimes.
 */
public final class TreeGen {
    /** Files get mtimes in the year before this instant (2026-01-01T00:00:00Z). */
    private static final long BASE_MTIME = 1_767_225_600L;
    private static final int POOL = 8 << 20;

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: TreeGen mixed|tiny DIR FILES SEED  |  TreeGen mutate DIR PERCENT SEED"
                    + "  |  TreeGen big FILE MIB SEED  |  TreeGen scatter FILE CHANGES SEED");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        long seed = Long.parseLong(args[3]);
        switch (args[0]) {
            case "mixed" -> mixed(dir, Integer.parseInt(args[2]), seed);
            case "tiny" -> tiny(dir, Integer.parseInt(args[2]), seed);
            case "mutate" -> mutate(dir, Double.parseDouble(args[2]), seed);
            case "big" -> big(dir, Integer.parseInt(args[2]), seed);
            case "scatter" -> scatter(dir, Integer.parseInt(args[2]), seed);
            default -> {
                System.err.println("TreeGen: unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- mixed

    private static void mixed(Path root, int files, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] pool = new byte[POOL];
        random.nextBytes(pool);
        // 20 projects x 10 modules x 10 packages: 2,220 directories, files in all of them, most in the leaves.
        List<Path> dirs = new ArrayList<>();
        List<Path> leaves = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            Path project = root.resolve(String.format("proj-%02d", p));
            dirs.add(project);
            for (int m = 0; m < 10; m++) {
                Path module = project.resolve(String.format("mod-%02d", m));
                dirs.add(module);
                for (int k = 0; k < 10; k++) {
                    Path pkg = module.resolve(String.format("pkg-%02d", k));
                    leaves.add(pkg);
                    Files.createDirectories(pkg);
                }
            }
        }
        String[] extensions = {".conf", ".txt", ".json", ".log", ".xml", ".py", ".dat", ".bin", ".db", ".gz"};
        long total = 0;
        List<Path> made = new ArrayList<>(files);
        for (int i = 0; i < files; i++) {
            Path dir = random.nextInt(10) == 0 ? dirs.get(random.nextInt(dirs.size()))
                    : leaves.get(random.nextInt(leaves.size()));
            Path file = dir.resolve(String.format("f%06d%s", i, extensions[random.nextInt(extensions.length)]));
            int size = mixedSize(random);
            write(file, content(pool, random, i, size));
            Files.setPosixFilePermissions(file, mode(random));
            Files.setLastModifiedTime(file, FileTime.from(BASE_MTIME - random.nextInt(365 * 86_400), java.util.concurrent.TimeUnit.SECONDS));
            made.add(file);
            total += size;
        }
        // A few symlinks (relative, to a sibling) and hard links (extra names for existing files), as on servers.
        int symlinks = Math.max(1, files / 500);
        for (int i = 0; i < symlinks; i++) {
            Path target = made.get(random.nextInt(made.size()));
            Files.createSymbolicLink(target.resolveSibling("link-" + i), target.getFileName());
        }
        int hardLinks = Math.max(1, files / 1000);
        for (int i = 0; i < hardLinks; i++) {
            Path target = made.get(random.nextInt(made.size()));
            Files.createLink(leaves.get(random.nextInt(leaves.size())).resolve("hard-" + i), target);
        }
        System.out.printf("mixed tree %s: %d files (%d MB), %d directories, %d symlinks, %d extra hard links%n",
                root, files, total >> 20, dirs.size() + leaves.size(), symlinks, hardLinks);
    }

    /** 94.7 % small (32 B-8 KB), 5 % medium (8-64 KB), 0.3 % large (100 KB-3 MB); log-uniform within each. */
    private static int mixedSize(Random random) {
        int bucket = random.nextInt(1000);
        if (bucket < 947) {
            return logUniform(random, 32, 8 << 10);
        }
        if (bucket < 997) {
            return logUniform(random, 8 << 10, 64 << 10);
        }
        return logUniform(random, 100 << 10, 3 << 20);
    }

    private static int logUniform(Random random, int low, int high) {
        return (int) Math.round(low * Math.pow((double) high / low, random.nextDouble()));
    }

    /** A slice of the random pool, made unique by a header naming the file's index. */
    private static byte[] content(byte[] pool, Random random, int index, int size) {
        byte[] data = new byte[size];
        int offset = random.nextInt(POOL);
        for (int done = 0; done < size; ) {
            int n = Math.min(size - done, POOL - offset);
            System.arraycopy(pool, offset, data, done, n);
            done += n;
            offset = 0;
        }
        byte[] header = ("file " + index + "\n").getBytes();
        System.arraycopy(header, 0, data, 0, Math.min(header.length, size));
        return data;
    }

    private static Set<PosixFilePermission> mode(Random random) {
        int pick = random.nextInt(100);
        String text = pick < 5 ? "rwxr-xr-x" : pick < 10 ? "rw-------" : pick < 12 ? "rw-rw-r--" : "rw-r--r--";
        return java.nio.file.attribute.PosixFilePermissions.fromString(text);
    }

    // ----------------------------------------------------------------------------------------------------- tiny

    private static void tiny(Path root, int files, long seed) throws IOException {
        Random random = new Random(seed);
        int perPart = (files + 9) / 10;
        Path dir = null;
        for (int i = 0; i < files; i++) {
            if (i % 100 == 0) {
                dir = root.resolve("part-" + (i / perPart)).resolve(String.format("d%05d", i / 100));
                Files.createDirectories(dir);
            }
            int size = i % 10 == 0 ? 1 + random.nextInt(64) : 0; // mostly empty: file count, not bytes, matters
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path file = dir.resolve(String.format("t%07d", i));
            write(file, data);
            Files.setLastModifiedTime(file, FileTime.from(BASE_MTIME - random.nextInt(365 * 86_400), java.util.concurrent.TimeUnit.SECONDS));
        }
        System.out.printf("tiny tree %s: %d files (every tenth 1-64 bytes, the others empty), 100 a directory%n",
                root, files);
    }

    // --------------------------------------------------------------------------------------------------- mutate

    private static void mutate(Path root, double percent, long seed) throws IOException {
        List<Path> files = new ArrayList<>();
        collect(root, files);
        Random random = new Random(seed);
        Collections.shuffle(files, random);
        int count = (int) Math.round(files.size() * percent / 100.0);
        long bytes = 0;
        for (Path file : files.subList(0, count)) {
            long size = Files.size(file);
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                if (size == 0) {
                    out.write('x');
                    size = 1;
                } else {
                    for (int k = 0; k < 16; k++) {
                        out.seek(random.nextLong(size));
                        out.write(random.nextInt(256));
                    }
                }
            }
            FileTime before = Files.getLastModifiedTime(file);
            Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 86_400_000L));
            bytes += size;
        }
        System.out.printf("mutated %d of %d files (%d MB of content) in %s%n", count, files.size(), bytes >> 20, root);
    }

    // ---------------------------------------------------------------------------------------------------- big

    private static void big(Path file, int mib, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        Files.createDirectories(file.getParent());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
        Files.setLastModifiedTime(file, FileTime.fromMillis(BASE_MTIME * 1000));
        System.out.printf("%s: %d MiB of random bytes%n", file, mib);
    }

    private static void scatter(Path file, int changes, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] change = new byte[1000];
        long size = Files.size(file);
        FileTime before = Files.getLastModifiedTime(file);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            for (int i = 0; i < changes; i++) {
                random.nextBytes(change);
                out.seek(random.nextLong(size - change.length));
                out.write(change);
            }
        }
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 86_400_000L));
        System.out.printf("%s: %d changes of %d bytes at random offsets%n", file, changes, change.length);
    }

    /** Regular files below {@code dir} in name order (symlinks not followed), so the choice is deterministic. */
    private static void collect(Path dir, List<Path> into) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        Collections.sort(children);
        for (Path child : children) {
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                collect(child, into);
            } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                into.add(child);
            }
        }
    }

    private static void write(Path file, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
