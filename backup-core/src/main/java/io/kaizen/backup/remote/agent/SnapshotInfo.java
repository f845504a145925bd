package io.kaizen.backup.remote.agent;

import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import java.time.Instant;

/** A complete snapshot on a node, as listed by the agent: name, the status its run ended with, when it finished. */
public record SnapshotInfo(SnapshotName name, RunStatus status, Instant finished) {
}
