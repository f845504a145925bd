package io.kaizen.backup.transfer.rsync;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.transfer.Engine;
import io.kaizen.backup.transfer.ImpliedDirs;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/** The real rsync, run locally. */
public final class RsyncEngine implements Engine {
    /** rsync's exit code for "some files vanished before they could be transferred". */
    static final int VANISHED = 24;

    @Override
    public String name() {
        return "rsync";
    }

    @Override
    public void checkAvailable() {
        ChildProcess.Outcome version;
        try {
            version = ChildProcess.run(List.of("rsync", "--version"), OutputStream.nullOutputStream());
        } catch (KaizenException e) {
            throw new KaizenException("rsync is not installed (engine rsync needs it): apt-get install rsync", e);
        }
        if (!version.succeeded()) {
            throw new KaizenException("rsync --version failed: " + version.lastError());
        }
    }

    @Override
    public TransferResult transfer(TransferRequest request) {
        RsyncCommand.Snapshot command;
        Optional<ImpliedDirs> parents;
        try {
            command = RsyncCommand.snapshot(request, FileStat.of(request.source()).isDirectory());
            parents = command.rootedAtSource()
                    ? Optional.of(ImpliedDirs.create(request.snapshotRoot(), request.source()))
                    : Optional.empty();
        } catch (IOException e) {
            return new TransferResult(RunStatus.FAILED, request.source() + ": " + e.getMessage());
        }
        ChildProcess.Outcome outcome = ChildProcess.run(command.argv(), OutputStream.nullOutputStream());
        try {
            if (parents.isPresent()) {
                parents.get().finish(Attributes.forThisProcess());
            }
        } catch (IOException e) {
            return new TransferResult(RunStatus.FAILED, "setting the attributes of the parents of "
                    + request.source() + ": " + e.getMessage());
        }
        return switch (outcome.exitCode()) {
            case 0 -> TransferResult.ok();
            case VANISHED -> new TransferResult(RunStatus.WARNINGS,
                    "some files vanished while being copied (rsync exit 24): " + outcome.lastError());
            default -> new TransferResult(RunStatus.FAILED,
                    "rsync exited with " + outcome.exitCode() + " (" + RsyncExitCodes.describe(outcome.exitCode())
                            + "): " + outcome.firstError("rsync: "));
        };
    }
}
