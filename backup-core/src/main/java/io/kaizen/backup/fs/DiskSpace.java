package io.kaizen.backup.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The size of a file system and the bytes this process may still write to it, both in bytes. */
public record DiskSpace(long total, long usable) {
    /** The space of the file system that holds {@code path}, or would hold it (its nearest existing ancestor's). */
    public static DiskSpace of(Path path) throws IOException {
        FileStore store = Files.getFileStore(RealPaths.ofNearestExisting(path));
        return new DiskSpace(store.getTotalSpace(), store.getUsableSpace());
    }
}
