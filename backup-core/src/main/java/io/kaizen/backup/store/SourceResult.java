package io.kaizen.backup.store;

/**
 * The outcome of one source of a run: its kind ({@code path} or {@code dump}), its name (the path, or the dump
 * name), its status, and a message when it did not simply succeed.
 */
public record SourceResult(String kind, String name, RunStatus status, String message) {
}
