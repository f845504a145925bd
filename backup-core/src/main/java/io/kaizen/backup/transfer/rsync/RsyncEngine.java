package io.kaizen.backup.transfer.rsync;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.transfer.Engine;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import java.io.OutputStream;
import java.util.List;

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
        ChildProcess.Outcome outcome = ChildProcess.run(RsyncCommand.snapshot(request), OutputStream.nullOutputStream());
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
