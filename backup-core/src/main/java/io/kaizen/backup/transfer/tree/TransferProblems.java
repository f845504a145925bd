package io.kaizen.backup.transfer.tree;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.transfer.TransferResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-entry problems of a transfer, counted and named (the first few), never dropped: files that vanished
 * while being copied and entries skipped (warnings, as rsync's exit 24), and errors (failures, as rsync's 23).
 * Files copied because {@code link()} was refused (the hard-link limit) are counted and said, not a problem:
 * rsync copies them too.
 */
final class TransferProblems {
    private static final int NAMED = 10;

    private long vanished;
    private long skipped;
    private long errors;
    private long linkRefused;
    private String firstLinkRefusal;
    private final List<String> messages = new ArrayList<>();

    synchronized void vanished(Path path) {
        vanished++;
        name("vanished: " + NativeNames.display(path));
    }

    synchronized void skipped(Path path, String why) {
        skipped++;
        name("skipped " + NativeNames.display(path) + ": " + why);
    }

    synchronized void error(Path path, IOException e) {
        errors++;
        name((path == null ? "" : NativeNames.display(path) + ": ") + e.getClass().getSimpleName() + " "
                + e.getMessage());
    }

    synchronized void linkRefused(Path target, String why) {
        if (linkRefused++ == 0) {
            firstLinkRefusal = NativeNames.display(target) + ": " + why;
        }
    }

    private void name(String message) {
        if (messages.size() < NAMED) {
            messages.add(message);
        }
    }

    /** Whether nothing vanished, was skipped or failed. */
    synchronized boolean none() {
        return errors == 0 && vanished == 0 && skipped == 0;
    }

    synchronized TransferResult result() {
        String copiedNotLinked = linkRefused == 0 ? "" : linkRefused + (linkRefused == 1 ? " file" : " files")
                + " copied to a new inode because link() was refused (first: " + firstLinkRefusal + ")";
        if (errors == 0 && vanished == 0 && skipped == 0) {
            return linkRefused == 0 ? TransferResult.ok() : new TransferResult(RunStatus.SUCCEEDED, copiedNotLinked);
        }
        String counts = errors + " errors, " + vanished + " vanished, " + skipped + " skipped: "
                + String.join("; ", messages) + (linkRefused == 0 ? "" : "; " + copiedNotLinked);
        return new TransferResult(errors > 0 ? RunStatus.FAILED : RunStatus.WARNINGS, counts);
    }
}
