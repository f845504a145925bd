package io.kaizen.backup.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kaizen.backup.process.Interruption;
import java.time.Instant;
import java.util.List;

/**
 * {@code .kaizen/last-run.json}: the result of the newest run on a store, successful or not, for
 * {@code status} and metrics. {@code snapshot} is null when the run made none; {@code transfer} is null (and not
 * written) except on a collector after a run that pulled a snapshot; {@code hooks} are the hook commands the run
 * ran (not written when none). {@code interrupted} names the signal that stopped the run (status failed, exit code
 * 128 + the signal's number); null (and not written) otherwise.
 */
public record LastRun(String host, String snapshot, Instant started, Instant finished, RunStatus status,
                      int exitCode, String message, @JsonInclude(JsonInclude.Include.NON_NULL) Transfer transfer,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HookRun> hooks,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String interrupted) {
    public LastRun {
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /** A run that ended by itself and ran no hooks. */
    public LastRun(String host, String snapshot, Instant started, Instant finished, RunStatus status, int exitCode,
                   String message, Transfer transfer) {
        this(host, snapshot, started, finished, status, exitCode, message, transfer, List.of(), null);
    }

    /** A run stopped by {@code signal}: failed, with the signal's exit code. */
    public static LastRun interrupted(String host, Instant started, Instant finished, Interruption.Signal signal) {
        return new LastRun(host, null, started, finished, RunStatus.FAILED, signal.exitCode(),
                "interrupted by " + signal.name(), null, List.of(), signal.name());
    }

    /**
     * The bytes of a pull: received from and sent to the node's agent (protocol level, before SSH), file content
     * fetched whole, and of the files rebuilt from deltas the literal bytes (sent by the node) and the matched
     * bytes (copied from the collector's previous copy).
     */
    public record Transfer(long bytesReceived, long bytesSent, long bytesFetched, long deltaLiteralBytes,
                           long deltaMatchedBytes) {
    }
}
