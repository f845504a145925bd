package io.kaizen.backup.transfer.rsync;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.transfer.Engine;
import io.kaizen.backup.transfer.ImpliedDirs;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The real rsync, run locally. */
public final class RsyncEngine implements Engine {
    /** rsync's exit code for "some files vanished before they could be transferred". */
    static final int VANISHED = 24;
    /** How many of rsync's error lines a failure names. */
    static final int NAMED = 10;

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
        List<byte[]> sockets;
        boolean directory;
        try {
            directory = FileStat.of(request.origin()).isDirectory();
            sockets = directory ? Sockets.find(request.source(), request.filters()) : List.of();
            TransferRequest withoutSockets = new TransferRequest(request.source(), request.snapshotRoot(),
                    request.linkDests(), Sockets.excludes(sockets).then(request.filters()), request.checksum(),
                    request.writtenSums(), request.treeRecords(), request.origin());
            command = RsyncCommand.snapshot(withoutSockets, directory);
            parents = command.rootedAtSource()
                    ? Optional.of(ImpliedDirs.create(request.snapshotRoot(), request.source()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return new TransferResult(RunStatus.FAILED, request.source() + ": " + e.getMessage());
        }
        ChildProcess.Outcome outcome = run(command, request, directory && command.rootedAtSource());
        try {
            if (parents.isPresent()) {
                parents.get().finish(Attributes.forThisProcess());
            }
        } catch (IOException e) {
            return new TransferResult(RunStatus.FAILED, "setting the attributes of the parents of "
                    + request.source() + ": " + e.getMessage());
        }
        TransferResult result = switch (outcome.exitCode()) {
            case 0 -> TransferResult.ok();
            case VANISHED -> new TransferResult(RunStatus.WARNINGS,
                    "some files vanished while being copied (rsync exit 24): " + outcome.lastError());
            default -> new TransferResult(RunStatus.FAILED, failure(outcome) + chownAdvice(outcome, request));
        };
        return sockets.isEmpty() ? result : withSocketsSkipped(result, sockets);
    }

    /**
     * Runs rsync. When the transfer is {@code recordable} (a directory, rooted at the source) and the request keeps
     * tree records, rsync prints each entry it makes and the engine records them ({@link ItemizedRecord}); a record
     * that cannot be made is dropped, and the sums pass walks the tree instead.
     */
    private static ChildProcess.Outcome run(RsyncCommand.Snapshot command, TransferRequest request,
                                            boolean recordable) {
        TreeRecords records = recordable ? request.treeRecords() : TreeRecords.none();
        byte[] root = NativeNames.bytes(request.source().getRoot().relativize(request.source()));
        boolean oneLinkDest = request.linkDests().size() == 1;
        try (TreeRecords.Writer record = records.start(root, oneLinkDest ? request.linkDests().get(0) : null)) {
            if (!record.keeps()) {
                return ChildProcess.run(command.argv(), OutputStream.nullOutputStream());
            }
            ItemizedRecord itemized = new ItemizedRecord(root, oneLinkDest,
                    request.snapshotRoot().resolve(Snapshot.META_DIR));
            ChildProcess.Outcome outcome = ChildProcess.run(command.itemized().argv(), Map.of("LC_ALL", "C"), null,
                    itemized, null);
            try {
                itemized.finishInto(record, outcome.succeeded());
            } catch (IOException e) {
                record.finish(false);
            }
            return outcome;
        } catch (IOException e) {
            throw new KaizenException("recording the tree rsync made of " + request.source() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why rsync failed: its exit code and every error line of its own ({@code rsync: ...}, one per path it could
     * not read or write) that the kept tail of its stderr holds, the first {@value #NAMED} named, the rest counted.
     */
    static String failure(ChildProcess.Outcome outcome) {
        String why = "rsync exited with " + outcome.exitCode() + " (" + RsyncExitCodes.describe(outcome.exitCode())
                + "): ";
        List<String> errors = outcome.stderr().lines().filter(line -> line.startsWith("rsync: ")).map(String::strip)
                .toList();
        if (errors.isEmpty()) {
            return why + outcome.lastError();
        }
        return why + String.join("; ", errors.subList(0, Math.min(NAMED, errors.size())))
                + (errors.size() > NAMED ? "; and " + (errors.size() - NAMED) + " more" : "");
    }

    /** When rsync could not chown (a store without Unix owners, as root), what to do about it; else nothing. */
    private static String chownAdvice(ChildProcess.Outcome outcome, TransferRequest request) {
        boolean refused = outcome.stderr().lines()
                .anyMatch(line -> line.startsWith("rsync: ") && line.contains("chown") && line.contains("(1)"));
        if (!refused) {
            return "";
        }
        try {
            return "; " + Attributes.chownRefused(Files.getFileStore(request.snapshotRoot()).type());
        } catch (IOException e) {
            return "";
        }
    }

    /** The sockets left out are skipped entries, as the Java engine counts them: a warning naming each. */
    private static TransferResult withSocketsSkipped(TransferResult result, List<byte[]> sockets) {
        String skipped = sockets.size() + " skipped: " + sockets.stream()
                .map(s -> "skipped /" + NativeNames.display(s) + ": a socket").collect(Collectors.joining("; "));
        return new TransferResult(result.status().and(RunStatus.WARNINGS),
                result.message() == null ? skipped : result.message() + "; " + skipped);
    }
}
