package io.kaizen.backup.offsite;

/**
 * A snapshot tier 3 holds: node, date, how many entries and regular files, how many bytes of content, and
 * the key of its root object.
 */
public record OffsiteSnapshot(String node, String date, long entries, long files, long bytes, String root) {
}
