package io.kaizen.backup.offsite.target;

import io.kaizen.backup.fs.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Objects as files under a directory (a file system mounted from the other site). A new object is written to
 * a fsynced temporary file and hard-linked to its key, which fails if the key exists: no object is ever
 * replaced, and a reader sees a whole object or none. The directory is fsynced before {@link #create} returns,
 * so an object is durable once created. A process killed while writing leaves its temporary file, which
 * {@link #removeIncomplete} removes.
 */
public final class DirectoryTarget implements ObjectTarget {
    /** The name prefix of a temporary file that becomes an object. */
    static final String INCOMING = ".incoming-";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path root;

    public DirectoryTarget(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void create(String key, byte[] content) throws IOException {
        Path file = resolve(key);
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            throw new ObjectExistsException(describe(), key);
        }
        Path staged = file.resolveSibling(INCOMING + file.getFileName());
        try (FileChannel out = FileChannel.open(staged, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), OWNER_ONLY)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try {
            Files.createLink(file, staged);
        } catch (FileAlreadyExistsException e) {
            throw new ObjectExistsException(describe(), key);
        } finally {
            Files.deleteIfExists(staged);
        }
        AtomicFile.syncDirectory(file.getParent());
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .map(f -> root.relativize(f).toString())
                    .filter(k -> k.startsWith(prefix))
                    .forEach(keys::add);
        }
        keys.sort(null);
        return keys;
    }

    /** Removes the temporary files (never listed, never read) last written before {@code before}. */
    @Override
    public int removeIncomplete(Instant before) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> abandoned;
        try (Stream<Path> files = Files.walk(root)) {
            abandoned = files.filter(f -> f.getFileName().toString().startsWith(INCOMING))
                    .filter(f -> lastWritten(f).map(t -> t.isBefore(before)).orElse(false))
                    .toList();
        }
        for (Path file : abandoned) {
            Files.deleteIfExists(file);
        }
        return abandoned.size();
    }

    private static Optional<Instant> lastWritten(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? Optional.of(attributes.lastModifiedTime().toInstant())
                    : Optional.empty();
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void close() {
    }

    private Path resolve(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")
                || Stream.of(key.split("/", -1)).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals("..")
                        || p.startsWith("."))) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
        return root.resolve(key);
    }
}
