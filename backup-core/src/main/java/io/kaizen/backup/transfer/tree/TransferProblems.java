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
 * rsync copies them too. A store whose file system keeps no extended attributes is one warning, named once, however
 * many entries had ACLs or extended attributes to keep.
 */
final class TransferProblems {
    private static final int NAMED = 10;

    private long vanished;
    private long skipped;
    private long errors;
    private long linkRefused;
    private String firstLinkRefusal;
    private long xattrsNotSupported;
    private String firstXattrRefusal;
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

    synchronized void xattrsNotSupported(Path target, String why) {
        if (xattrsNotSupported++ == 0) {
            firstXattrRefusal = NativeNames.display(target) + ": " + why;
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
        String xattrsLost = xattrsNotSupported == 0 ? "" : xattrsNotSupported
                + (xattrsNotSupported == 1 ? " entry's" : " entries'") + " ACLs and extended attributes not kept: the"
                + " store's file system does not support them (first: " + firstXattrRefusal + ")";
        if (errors == 0 && vanished == 0 && skipped == 0 && xattrsNotSupported == 0) {
            return linkRefused == 0 ? TransferResult.ok() : new TransferResult(RunStatus.SUCCEEDED, copiedNotLinked);
        }
        List<String> parts = new ArrayList<>(messages);
        if (linkRefused > 0) {
            parts.add(copiedNotLinked);
        }
        if (xattrsNotSupported > 0) {
            parts.add(xattrsLost);
        }
        String counts = errors + " errors, " + vanished + " vanished, " + skipped + " skipped: "
                + String.join("; ", parts);
        return new TransferResult(errors > 0 ? RunStatus.FAILED : RunStatus.WARNINGS, counts);
    }
}
