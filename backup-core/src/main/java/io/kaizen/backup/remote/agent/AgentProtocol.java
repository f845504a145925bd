package io.kaizen.backup.remote.agent;

import io.kaizen.backup.fs.RelativePaths;

/** Constants of the agent protocol. */
public final class AgentProtocol {
    /** The command a client runs ({@code SSH_ORIGINAL_COMMAND}), followed by the version it speaks. */
    public static final String COMMAND = "kaizen-agent";
    public static final int VERSION = 1;
    static final String MAGIC = "KAIZEN-AGENT";

    static final byte HELLO = 'H';
    static final byte REQUEST = 'Q';
    static final byte DATA = 'D';
    static final byte END = 'E';
    static final byte ERROR = 'X';

    static final byte OP_BYE = 0;
    static final byte OP_LIST = 1;
    static final byte OP_MANIFEST = 2;
    static final byte OP_SUMS = 3;
    static final byte OP_ENTRIES = 4;
    static final byte OP_FILE = 5;
    static final byte OP_DELTA = 6;
    /**
     * Added in version 1: OP_ENTRIES with fifos, character and block devices (with their numbers) and sockets told
     * apart. A client sends it only to an agent whose HELLO lists {@link #FEATURE_SPECIALS}.
     */
    static final byte OP_ENTRIES_SPECIALS = 7;
    /**
     * Added in version 1: OP_DELTA whose signature carries 8-byte XXH64 block hashes instead of 16-byte MD5
     * ({@code StrongHash}). A client sends it only to an agent whose HELLO lists {@link #FEATURE_XXH64}.
     */
    static final byte OP_DELTA_XXH64 = 8;
    /**
     * Added in version 1: OP_ENTRIES_SPECIALS with each entry's extended attributes (POSIX ACLs included). A client
     * sends it only to an agent whose HELLO lists {@link #FEATURE_XATTRS}.
     */
    static final byte OP_ENTRIES_XATTRS = 9;

    /** Bits of the optional features int that ends a HELLO (absent from older agents' HELLO: none). */
    static final int FEATURE_SPECIALS = 1;
    /** The agent answers {@link #OP_DELTA_XXH64}. */
    static final int FEATURE_XXH64 = 2;
    /** The agent answers {@link #OP_ENTRIES_XATTRS}. */
    static final int FEATURE_XATTRS = 4;
    /** The features this agent serves. */
    static final int FEATURES = FEATURE_SPECIALS | FEATURE_XXH64 | FEATURE_XATTRS;

    /** Largest frame payload either side accepts. */
    static final int MAX_FRAME = (1 << 20) + 1024;
    /** Data frames carry at most this much. */
    static final int CHUNK = 1 << 18;
    /** Longest relative path or symlink target. */
    public static final int MAX_PATH = RelativePaths.MAX_PATH;
    /** Longest manifest accepted. */
    static final int MAX_MANIFEST = 1 << 20;
    /** Most snapshots a list may hold. */
    static final int MAX_SNAPSHOTS = 100_000;
    /** Longest extended attribute name (Linux {@code XATTR_NAME_MAX}). */
    static final int MAX_XATTR_NAME = 255;
    /** Longest extended attribute value (Linux {@code XATTR_SIZE_MAX}). */
    static final int MAX_XATTR_VALUE = 1 << 16;
    /** Most extended attributes of one entry. */
    static final int MAX_XATTRS = 1024;
    /** Most bytes of names and values of one entry's extended attributes. */
    static final int MAX_XATTR_BYTES = 1 << 20;

    private AgentProtocol() {
    }

    /** The command line a client asks for. */
    public static String command() {
        return COMMAND + " " + VERSION;
    }
}
