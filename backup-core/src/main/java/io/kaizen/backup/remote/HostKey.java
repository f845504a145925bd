package io.kaizen.backup.remote;

import io.kaizen.backup.fs.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** A public host key as SSH sends it (the key blob), with its type and OpenSSH's SHA256 fingerprint. */
public record HostKey(byte[] blob) {
    public HostKey {
        blob = blob.clone();
        type(blob);
    }

    /** The key from the base64 text of a known_hosts or .pub line. */
    public static HostKey fromBase64(String text) {
        try {
            return new HostKey(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 key: " + e.getMessage(), e);
        }
    }

    /** The key type named inside the blob, e.g. {@code ssh-ed25519}. */
    public String type() {
        return type(blob);
    }

    private static String type(byte[] blob) {
        if (blob.length < 4) {
            throw new IllegalArgumentException("key blob too short");
        }
        int length = ByteBuffer.wrap(blob).getInt();
        if (length <= 0 || length > 64 || 4 + length > blob.length) {
            throw new IllegalArgumentException("key blob has no valid type");
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    /** OpenSSH's fingerprint: {@code SHA256:} and the unpadded base64 of the blob's SHA-256. */
    public String fingerprint() {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Sha256.digest().digest(blob));
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(blob);
    }

    /** {@code ssh-ed25519 SHA256:...}. */
    public String describe() {
        return type() + " " + fingerprint();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostKey key && Arrays.equals(blob, key.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return describe();
    }
}
