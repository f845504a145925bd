package io.kaizen.backup.offsite;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import io.kaizen.backup.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.Set;

/**
 * The repository's keys, from one Tink keyset file (cleartext JSON, mode 0600, docs/OFFSITE-FORMAT.md): an
 * AES-256-GCM key that seals every object and blob, and an HMAC-SHA256 PRF key that names blobs (the other site
 * never sees a hash of plaintext) and seeds the chunker. Safe for use by several threads.
 */
public final class OffsiteKeys {
    private static final String AEAD_TEMPLATE = "AES256_GCM";
    private static final String PRF_TEMPLATE = "HMAC_SHA256_PRF";

    static {
        try {
            AeadConfig.register();
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Path file;
    private final Aead aead;
    private final PrfSet prf;

    private OffsiteKeys(Path file, Aead aead, PrfSet prf) {
        this.file = file;
        this.aead = aead;
        this.prf = prf;
    }

    /**
     * Creates a new keyset file (0600) and returns its keys. An existing file is never replaced: a
     * {@link ConfigException}.
     */
    public static OffsiteKeys generate(Path file) {
        try {
            KeysetHandle keyset = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.generateEntryFromParametersName(AEAD_TEMPLATE).withRandomId().makePrimary())
                    .addEntry(KeysetHandle.generateEntryFromParametersName(PRF_TEMPLATE).withRandomId())
                    .build();
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
            try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------")))) {
                ByteBuffer bytes = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            return of(file, keyset);
        } catch (FileAlreadyExistsException e) {
            throw ConfigException.ofSetting("key", ": " + file + " already exists; it is never overwritten (losing "
                    + "a key loses the repository it opens)");
        } catch (IOException e) {
            throw ConfigException.ofSetting("key", ": cannot write " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate keys", e);
        }
    }

    /** Reads a keyset file; a missing, unreadable or unsuitable one is a {@link ConfigException} naming it. */
    public static OffsiteKeys load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.ofSetting("key", ": the keyset file " + file + " does not exist");
        } catch (IOException e) {
            throw ConfigException.ofSetting("key", ": cannot read the keyset file " + file + ": " + e.getMessage());
        }
        try {
            return of(file, TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw ConfigException.ofSetting("key", ": " + file + " is not a usable Tink keyset: " + e.getMessage());
        }
    }

    private static OffsiteKeys of(Path file, KeysetHandle keyset) throws GeneralSecurityException {
        KeysetHandle aeadKeys = only(keyset, AesGcmKey.class).orElseThrow(() -> new GeneralSecurityException(
                "it holds no AES-GCM key"));
        KeysetHandle prfKeys = only(keyset, HmacPrfKey.class).orElseThrow(() -> new GeneralSecurityException(
                "it holds no HMAC PRF key"));
        return new OffsiteKeys(file, aeadKeys.getPrimitive(Aead.class), prfKeys.getPrimitive(PrfSet.class));
    }

    /** A keyset of the first key of one type in {@code keyset}, as its primary. */
    private static Optional<KeysetHandle> only(KeysetHandle keyset, Class<?> type) throws GeneralSecurityException {
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (type.isInstance(entry.getKey())) {
                return Optional.of(KeysetHandle.newBuilder()
                        .addEntry(KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId()).makePrimary())
                        .build());
            }
        }
        return Optional.empty();
    }

    /** The keyset file these keys came from. */
    public Path file() {
        return file;
    }

    /** HMAC-SHA256 of {@code data} under the PRF key: a blob's id, a root's name, the chunker's gear. */
    byte[] mac(byte[] data) {
        try {
            return prf.computePrimary(data, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a keyed hash", e);
        }
    }

    /** Encrypts and authenticates {@code plaintext}, binding {@code context}. */
    byte[] seal(byte[] plaintext, byte[] context) {
        try {
            return aead.encrypt(plaintext, context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    /** Decrypts what {@link #seal} made with the same context; throws when the key or the bytes are wrong. */
    byte[] open(byte[] sealed, byte[] context) throws GeneralSecurityException {
        return aead.decrypt(sealed, context);
    }
}
