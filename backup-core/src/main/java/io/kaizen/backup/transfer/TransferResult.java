package io.kaizen.backup.transfer;

import io.kaizen.backup.store.RunStatus;

/** How a transfer ended: succeeded, with warnings (e.g. files vanished while copying), or failed; and why. */
public record TransferResult(RunStatus status, String message) {
    public static TransferResult ok() {
        return new TransferResult(RunStatus.SUCCEEDED, null);
    }
}
