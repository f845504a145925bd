package io.kaizen.backup.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a partial snapshot's {@code SHA256SUMS} and counts its tree. A file that is the same inode as the file
 * at the same path in the previous snapshot (it was hard-linked) takes its sum from the previous sums file; only
 * other files are read and hashed. Both sums files are in tree order, so the two are merged as streams and
 * memory does not grow with the tree.
 */
public final class SumsBuilder {
    private static final int BUFFER = 1 << 16;

    private SumsBuilder() {
    }

    /** What was written: the tree's counts and the SHA-256 of the sums file itself. */
    public record Result(Counts counts, String sumsSha256) {
    }

    /** Hashes and counts {@code partial}, carrying sums over from {@code previous} where files are shared. */
    public static Result build(Path partial, Optional<Snapshot> previous) throws IOException {
        Path sumsFile = partial.resolve(Snapshot.META_DIR).resolve("SHA256SUMS");
        MessageDigest sumsDigest = sha256();
        Tally tally = new Tally();
        Map<Object, byte[]> sharedInodes = new HashMap<>();
        Path previousSums = previous.map(Snapshot::sumsFile).orElse(null);
        try (SumsFile.Reader before = previousSums == null ? null : SumsFile.Reader.open(previousSums);
             OutputStream raw = Files.newOutputStream(sumsFile);
             SumsFile.Writer out = new SumsFile.Writer(new BufferedOutputStream(new DigestOutputStream(raw, sumsDigest), BUFFER))) {
            PeekingSums prior = new PeekingSums(before);
            TreeWalker walker = TreeWalker.walk(partial, Set.of(Snapshot.META_DIR));
            while (walker.hasNext()) {
                TreeEntry entry = walker.next();
                PosixFileAttributes attributes = entry.attributes();
                if (attributes.isDirectory()) {
                    tally.dirs++;
                } else if (attributes.isSymbolicLink()) {
                    tally.symlinks++;
                } else if (!attributes.isRegularFile()) {
                    tally.others++;
                } else {
                    byte[] carried = previous.flatMap(p -> carriedSum(p, entry, prior.find(entry.relative())))
                            .orElse(null);
                    byte[] sum = carried != null ? carried : hashOnce(entry, sharedInodes);
                    tally.countFile(attributes.size(), carried != null);
                    out.write(new SumsFile.Line(entry.relative(), sum));
                }
            }
        }
        return new Result(tally.counts(), HexFormat.of().formatHex(sumsDigest.digest()));
    }

    private static Optional<byte[]> carriedSum(Snapshot previous, TreeEntry entry, SumsFile.Line line) {
        if (line == null) {
            return Optional.empty();
        }
        Path before = NativeNames.resolve(previous.dir(), entry.relative());
        try {
            BasicFileAttributes old = Files.readAttributes(before, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Objects.equals(old.fileKey(), entry.attributes().fileKey())
                    ? Optional.of(line.sha256()) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + before, e);
        }
    }

    private static byte[] hashOnce(TreeEntry entry, Map<Object, byte[]> sharedInodes) throws IOException {
        Object key = entry.attributes().fileKey();
        byte[] known = sharedInodes.get(key);
        if (known != null) {
            return known;
        }
        byte[] sum = hash(entry.path());
        if ((int) Files.getAttribute(entry.path(), "unix:nlink", LinkOption.NOFOLLOW_LINKS) > 1) {
            sharedInodes.put(key, sum);
        }
        return sum;
    }

    /** The SHA-256 of a file's content. */
    public static byte[] hash(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    /** The SHA-256 of a file's content, as lower-case hex. */
    public static String hashHex(Path file) throws IOException {
        return HexFormat.of().formatHex(hash(file));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The previous sums, read forward in step with the walk. */
    private static final class PeekingSums {
        private final SumsFile.Reader reader;
        private SumsFile.Line head;

        PeekingSums(SumsFile.Reader reader) {
            this.reader = reader;
        }

        /** The line for {@code relative}, skipping lines of names that sort before it; null if absent. */
        SumsFile.Line find(byte[] relative) {
            if (reader == null) {
                return null;
            }
            while (true) {
                if (head == null) {
                    if (!reader.hasNext()) {
                        return null;
                    }
                    head = reader.next();
                }
                int order = NativeNames.TREE_ORDER.compare(head.relative(), relative);
                if (order == 0) {
                    return head;
                }
                if (order > 0) {
                    return null;
                }
                head = null;
            }
        }
    }

    private static final class Tally {
        long files;
        long dirs;
        long symlinks;
        long others;
        long bytes;
        long copied;
        long linked;
        long bytesCopied;

        void countFile(long size, boolean wasLinked) {
            files++;
            bytes += size;
            if (wasLinked) {
                linked++;
            } else {
                copied++;
                bytesCopied += size;
            }
        }

        Counts counts() {
            return new Counts(files, dirs, symlinks, others, bytes, copied, linked, bytesCopied);
        }
    }
}
