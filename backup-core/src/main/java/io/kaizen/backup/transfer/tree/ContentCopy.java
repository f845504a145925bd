package io.kaizen.backup.transfer.tree;

import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.HashingChannel;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.OpenDirectory;
import io.kaizen.backup.fs.OpenFile;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.transfer.delta.DeltaApplier;
import io.kaizen.backup.transfer.delta.DeltaEncoder;
import io.kaizen.backup.transfer.delta.DeltaStats;
import io.kaizen.backup.transfer.delta.Signature;
import io.kaizen.backup.transfer.delta.StrongHash;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content of a file the Java engine copies: written whole and hashed as it is written, through descriptors of
 * the open directories (a new file costs about the system calls rsync's receiver makes), or rebuilt from its
 * previous copy by a delta; and the check, when the source is opened, that it is still a regular file.
 */
final class ContentCopy {
    private static final Logger LOG = LoggerFactory.getLogger(ContentCopy.class);
    private static final int BUFFER = 1 << 17;
    private static final int PERMISSIONS = 0777;
    private static final String NOT_REGULAR = "no longer a regular file when it was copied";
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(BUFFER));
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(Sha256::digest);

    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private final TransferProblems problems;
    private final Attributes attributes;
    private final ExtendedAttributes extendedAttributes;

    ContentCopy(TransferProblems problems, Attributes attributes, ExtendedAttributes extendedAttributes) {
        this.problems = problems;
        this.attributes = attributes;
        this.extendedAttributes = extendedAttributes;
    }

    /**
     * Rebuilds the source into a new file {@code temp} beside {@code target} from {@code basis} (its copy in the
     * previous snapshot) and a delta, sets its owner, mode and mtime (those the walk saw), has {@code xattrs} set on
     * it, and renames it to {@code target}. Returns whether it was made: false, counted, when the source vanished or
     * is no longer a regular file.
     */
    boolean rebuildFrom(Path basis, Path source, Path temp, Path target, FileStat stat, int groupOfNewFiles,
                        XattrsWriter xattrs) throws IOException {
        if (!stillRegularFile(source)) {
            return false;
        }
        try (FileChannel in = FileChannel.open(source, READ)) {
            Xattrs kept = extendedAttributes.read(source);
            try (FileChannel out = FileChannel.open(temp, CREATE, attributes.creationMode(stat))) {
                rebuild(source, basis, in, out);
            }
            attributes.applyToNewFile(temp, stat, groupOfNewFiles);
            xattrs.write(temp, kept);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(temp);
            problems.vanished(source);
            return false;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Whether the source is still a regular file, looked at just before it is opened: opening a FIFO that replaced
     * it since the walk would block the copy for good (rsync guards against the same). Counts the change if not.
     */
    private boolean stillRegularFile(Path source) throws IOException {
        try {
            if (FileStat.of(source).isFile()) {
                return true;
            }
            problems.skipped(source, NOT_REGULAR);
        } catch (NoSuchFileException e) {
            problems.vanished(source);
        }
        return false;
    }

    /**
     * Copies the source file into a new file {@code temp} beside {@code target}, hashing the bytes as they are
     * written, sets its owner, mode and mtime (those the walk saw) on its descriptor, has {@code xattrs} set on it,
     * and renames it to {@code target}. Source and target are opened and created relative to their open directories.
     * Returns what was written, or null, counted, when the source vanished or is no longer a regular file.
     */
    Written copyWhole(OpenDirectory from, Path source, OpenDirectory into, Path temp, Path target, FileStat stat,
                      int groupOfNewFiles, XattrsWriter xattrs) throws IOException {
        OpenFile in = openSource(from, source);
        if (in == null) {
            return null;
        }
        byte[] tempName = into.nameOf(temp);
        try (in) {
            long size = in.regularFileSize();
            if (size < 0) {
                problems.skipped(source, NOT_REGULAR);
                return null;
            }
            Xattrs kept = extendedAttributes.read(in, source);
            Written written;
            try (OpenFile out = into.create(tempName, stat.mode() & PERMISSIONS)) {
                written = copyHashing(in, out, size);
                attributes.applyToNewFile(out, stat, groupOfNewFiles);
            }
            xattrs.write(temp, kept);
            into.rename(tempName, into.nameOf(target));
            return written;
        } catch (NoSuchFileException e) {
            into.deleteIfExists(tempName);
            problems.vanished(source);
            return null;
        } catch (IOException | RuntimeException e) {
            into.deleteIfExists(tempName);
            throw e;
        }
    }

    /**
     * The source opened for reading, or null, counted, if it vanished or became a symlink since the walk (opening
     * refuses to follow it).
     */
    private OpenFile openSource(OpenDirectory from, Path source) throws IOException {
        try {
            return from.openForReading(from.nameOf(source));
        } catch (NoSuchFileException e) {
            problems.vanished(source);
            return null;
        } catch (FileSystemException e) {
            if (stillRegularFile(source)) {
                throw e;
            }
            return null;
        }
    }

    /**
     * Copies the {@code size} bytes the source had when it was opened (or fewer, if it shrank), as rsync's sender
     * does: a small file takes one read, not a second one to see its end.
     */
    private static Written copyHashing(OpenFile in, OpenFile out, long size) throws IOException {
        ByteBuffer buffer = BUFFERS.get();
        HashingChannel hashing = HashingChannel.unbounded(out, DIGESTS.get());
        long left = size;
        while (left > 0) {
            buffer.clear();
            if (left < buffer.capacity()) {
                buffer.limit((int) left);
            }
            if (in.read(buffer) < 0) {
                break;
            }
            buffer.flip();
            left -= buffer.remaining();
            hashing.write(buffer);
        }
        return new Written(size - left, hashing.digest());
    }

    /**
     * Writes the source's content to {@code out} from the basis (its copy in the previous snapshot, never changed)
     * and a delta: the signature of the basis, then one pass over the source matching its blocks. The sums pass
     * hashes the result.
     */
    private static void rebuild(Path source, Path basis, FileChannel in, FileChannel out) throws IOException {
        try (FileChannel old = FileChannel.open(basis, READ)) {
            long length = old.size();
            Signature signature = Signature.of(old, length, StrongHash.MD5);
            DeltaStats stats = new DeltaStats(new DeltaApplier(old, length, signature.blockSize(), out));
            DeltaEncoder.encode(signature, new BufferedInputStream(Channels.newInputStream(in), BUFFER), stats);
            LOG.debug("{}: rebuilt by delta from {}: {} bytes of literal data, {} blocks of {} bytes matched",
                    NativeNames.display(source), NativeNames.display(basis), stats.literalBytes(),
                    stats.matchedBlocks(), signature.blockSize());
        }
    }

    /** Sets the extended attributes a copy keeps on the new file, before it gets its name. */
    @FunctionalInterface
    interface XattrsWriter {
        void write(Path file, Xattrs kept) throws IOException;
    }

    /** A copied file's length and the SHA-256 of the bytes written. */
    record Written(long size, byte[] sha256) {
    }
}
