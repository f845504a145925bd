package io.kaizen.backup.collect.pull;

/**
 * How one snapshot is pulled.
 *
 * @param maxEntries      most entries accepted whatever the manifest says
 * @param asRoot          whether owners are set as listed (the collector runs as root and owns the partial)
 * @param preserveDevices whether device nodes and set-id bits are made live (else recorded in
 *                        {@code .kaizen/specials}, docs/FORMAT.md)
 */
public record PullOptions(long maxEntries, boolean asRoot, boolean preserveDevices) {
}
