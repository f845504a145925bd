package io.kaizen.backup.transfer;

/** Copies one source tree into a partial snapshot (docs/ARCHITECTURE.md, "Transfer"). */
public interface Engine {
    /** The name used in configuration and manifests ({@code rsync}, {@code java}). */
    String name();

    /** Fails with a {@link io.kaizen.backup.KaizenException} saying what is missing if the engine cannot run here. */
    void checkAvailable();

    /** Runs one transfer; per-file problems end up in the result, never thrown away. */
    TransferResult transfer(TransferRequest request);
}
