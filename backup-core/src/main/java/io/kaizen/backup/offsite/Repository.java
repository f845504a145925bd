package io.kaizen.backup.offsite;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.AtomicFile;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.offsite.target.ObjectExistsException;
import io.kaizen.backup.offsite.target.ObjectTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A tier-3 repository on an {@link ObjectTarget} (docs/OFFSITE-FORMAT.md): names and seals objects and blobs,
 * and reads them back checked. Objects whose name is their SHA-256 ({@code data/}, {@code index/}) are
 * verified against it on every read, so a damaged one is named before decryption is even tried.
 */
final class Repository {
    static final String CONFIG = "config";
    static final String DATA = "data/";
    static final String INDEX = "index/";
    static final String ROOTS = "roots/";
    static final int VERSION = 1;
    private static final byte[] CONFIG_CONTEXT = "kaizen config v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BLOB_CONTEXT = "kaizen blob v1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROOT_CONTEXT = "kaizen root v1 ".getBytes(StandardCharsets.US_ASCII);
    private static final int ZSTD_LEVEL = 3;
    private static final int CACHED_PACKS = 2;

    private final ObjectTarget target;
    private final OffsiteKeys keys;
    private final String id;
    private final long[] gear;
    private final Map<String, byte[]> packs = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED_PACKS;
        }
    };

    private Repository(ObjectTarget target, OffsiteKeys keys, String id) {
        this.target = target;
        this.keys = keys;
        this.id = id;
        this.gear = Chunker.gear(keys);
    }

    /** Creates a repository's {@code config} object; one that exists is a {@link ConfigException}. */
    static void init(ObjectTarget target, OffsiteKeys keys) {
        try {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String id = HexFormat.of().formatHex(random);
            ByteBuffer config = ByteBuffer.allocate(4 + 2 + id.length());
            config.putInt(VERSION).putShort((short) id.length()).put(id.getBytes(StandardCharsets.US_ASCII));
            target.create(CONFIG, keys.seal(config.array(), CONFIG_CONTEXT));
            recordMade(target, keys);
        } catch (ObjectExistsException e) {
            throw new ConfigException("target " + target.describe() + " already holds a repository");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a repository at " + target.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Opens the repository on {@code target}. Keys that do not open it, or no repository there that these keys
     * ever made ({@link #madeFile}), are a {@link ConfigException}; no repository where the keys' record says one
     * was made is an {@link OffsiteException}: tier 3 is unreachable (an unmounted file system, a removed bucket).
     */
    static Repository open(ObjectTarget target, OffsiteKeys keys) {
        byte[] sealed;
        try {
            sealed = target.read(CONFIG).orElseThrow(() -> missing(target, keys));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + target.describe() + ": " + e.getMessage(), e);
        }
        ByteBuffer config;
        try {
            config = ByteBuffer.wrap(keys.open(sealed, CONFIG_CONTEXT));
        } catch (GeneralSecurityException e) {
            throw ConfigException.ofSetting("key", ": " + keys.file() + " does not open the repository at "
                    + target.describe() + " (wrong key, or its object 'config' is damaged)");
        }
        int version = config.getInt();
        if (version != VERSION) {
            throw new ConfigException("the repository at " + target.describe() + " has format version " + version
                    + "; this kaizen reads version " + VERSION);
        }
        byte[] id = new byte[config.getShort()];
        config.get(id);
        return new Repository(target, keys, new String(id, StandardCharsets.US_ASCII));
    }

    /**
     * The local record that the repository of a key was made, and where: the key file's path with
     * {@code .repository} appended (docs/OFFSITE-FORMAT.md, "Local state").
     */
    static Path madeFile(OffsiteKeys keys) {
        return Path.of(keys.file() + ".repository");
    }

    /** Records that the repository of {@code keys} is on {@code target}, unless that is recorded already. */
    static void recordMade(ObjectTarget target, OffsiteKeys keys) {
        String record = target.describe() + "\n";
        try {
            if (!madeAt(keys).map(record::equals).orElse(false)) {
                AtomicFile.write(madeFile(keys), record.getBytes(StandardCharsets.UTF_8),
                        PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + madeFile(keys) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> madeAt(OffsiteKeys keys) throws IOException {
        try {
            return Optional.of(Files.readString(madeFile(keys), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static KaizenException missing(ObjectTarget target, OffsiteKeys keys) {
        boolean made;
        try {
            made = madeAt(keys).map((target.describe() + "\n")::equals).orElse(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + madeFile(keys) + ": " + e.getMessage(), e);
        }
        return made ? new OffsiteException("tier 3 is unreachable: no repository at " + target.describe()
                + ", where one was made for this key (" + madeFile(keys) + "); is its file system mounted, its bucket "
                + "there?") : new ConfigException("no offsite repository at " + target.describe()
                + " (kaizen offsite init makes one)");
    }

    ObjectTarget target() {
        return target;
    }

    /** The repository's random id (names it in the collector's local cache). */
    String id() {
        return id;
    }

    String describe() {
        return target.describe();
    }

    Chunker chunker(Chunker.Sizes sizes, Consumer<byte[]> sink) {
        return new Chunker(gear, sizes, sink);
    }

    BlobId blobId(byte[] plaintext) {
        return BlobId.of(keys.mac(plaintext));
    }

    /** A sealer of blobs for one thread. */
    BlobSealer sealer() {
        return new BlobSealer(keys);
    }

    /**
     * Makes a blob's stored form: zstd, then AEAD bound to its id. Keeps one zstd context, as making one per blob
     * costs more than compressing a small file. One per thread.
     */
    static final class BlobSealer implements AutoCloseable {
        private final OffsiteKeys keys;
        private final ZstdCompressCtx zstd = new ZstdCompressCtx();

        private BlobSealer(OffsiteKeys keys) {
            this.keys = keys;
            zstd.setLevel(ZSTD_LEVEL);
        }

        byte[] seal(BlobId blob, byte[] plaintext) {
            return keys.seal(zstd.compress(plaintext), context(BLOB_CONTEXT, blob.bytes()));
        }

        @Override
        public void close() {
            zstd.close();
        }
    }

    /** Reads one blob from its pack (kept among the last few packs read) and checks it is the blob named. */
    byte[] readBlob(BlobId blob, RepositoryIndex.Location where) {
        byte[] pack = packs.get(where.pack());
        if (pack == null) {
            pack = readObject(where.pack());
            packs.put(where.pack(), pack);
        }
        if ((long) where.offset() + where.length() > pack.length) {
            throw damaged(where.pack(), "blob " + blob + " lies outside it");
        }
        byte[] sealed = new byte[where.length()];
        System.arraycopy(pack, where.offset(), sealed, 0, sealed.length);
        try {
            byte[] plaintext = Zstd.decompress(keys.open(sealed, context(BLOB_CONTEXT, blob.bytes())));
            if (!blobId(plaintext).equals(blob)) {
                throw damaged(where.pack(), "blob " + blob + " does not match its id");
            }
            return plaintext;
        } catch (GeneralSecurityException | ZstdException e) {
            throw damaged(where.pack(), "blob " + blob + " does not decrypt: " + e.getMessage());
        }
    }

    /** The name of a snapshot's root: keyed, so it reveals neither node nor date. */
    String rootKey(String node, String date) {
        return ROOTS + HexFormat.of().formatHex(keys.mac(("root\0" + node + "\0" + date)
                .getBytes(StandardCharsets.UTF_8)));
    }

    byte[] sealRoot(String key, byte[] plaintext) {
        return keys.seal(plaintext, context(ROOT_CONTEXT, key.getBytes(StandardCharsets.US_ASCII)));
    }

    byte[] openRoot(String key, byte[] sealed) {
        try {
            return keys.open(sealed, context(ROOT_CONTEXT, key.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw damaged(key, "it does not decrypt");
        }
    }

    OffsiteKeys keys() {
        return keys;
    }

    /** Creates an object named by its content's SHA-256 under {@code prefix}; returns its key. */
    String createContentAddressed(String prefix, byte[] content) {
        String hash = HexFormat.of().formatHex(Sha256.digest().digest(content));
        String key = prefix.equals(DATA) ? DATA + hash.substring(0, 2) + "/" + hash : prefix + hash;
        create(key, content);
        return key;
    }

    void create(String key, byte[] content) {
        try {
            target.create(key, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key + " to " + target.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    List<String> list(String prefix) {
        try {
            return target.list(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    /** An object's bytes; a missing one, or a content-addressed one whose hash differs from its name, is damage. */
    byte[] readObject(String key) {
        byte[] content;
        try {
            content = target.read(key).orElseThrow(() -> new OffsiteException("object " + key + " is missing from "
                    + target.describe()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " from " + target.describe() + ": "
                    + e.getMessage(), e);
        }
        if (key.startsWith(DATA) || key.startsWith(INDEX)) {
            String hash = HexFormat.of().formatHex(Sha256.digest().digest(content));
            if (!key.endsWith("/" + hash)) {
                throw damaged(key, "its SHA-256 does not match its name");
            }
        }
        return content;
    }

    OffsiteException damaged(String key, String why) {
        return new OffsiteException("object " + key + " in " + target.describe() + " is damaged: " + why);
    }

    private static byte[] context(byte[] prefix, byte[] suffix) {
        byte[] context = new byte[prefix.length + suffix.length];
        System.arraycopy(prefix, 0, context, 0, prefix.length);
        System.arraycopy(suffix, 0, context, prefix.length, suffix.length);
        return context;
    }
}
