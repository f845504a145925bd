package io.kaizen.backup.store;

import java.time.Instant;

/**
 * {@code .kaizen/last-run.json}: the result of the newest run on a store, successful or not, for
 * {@code status} and metrics. {@code snapshot} is null when the run made none.
 */
public record LastRun(String host, String snapshot, Instant started, Instant finished, RunStatus status,
                      int exitCode, String message) {
}
