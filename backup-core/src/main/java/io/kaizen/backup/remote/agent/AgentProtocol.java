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

    /** Bits of the optional features int that ends a HELLO (absent from older agents' HELLO: none). */
    static final int FEATURE_SPECIALS = 1;
    /** The agent answers {@link #OP_DELTA_XXH64}. */
    static final int FEATURE_XXH64 = 2;
    /** The features this agent serves. */
    static final int FEATURES = FEATURE_SPECIALS | FEATURE_XXH64;

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

    private AgentProtocol() {
    }

    /** The command line a client asks for. */
    public static String command() {
        return COMMAND + " " + VERSION;
    }
}
