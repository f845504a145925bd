package io.kaizen.backup.store;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Large changed files of a path source stored as reflinked copies of their previous version with only the
 * changed blocks written: how many, how many bytes were compared, and how many written. {@code unavailable}
 * says why no reflink was made (the store's file system has none), in which case the files were copied whole.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReflinkStats(long files, long bytesCompared, long bytesWritten, String unavailable) {
    public static final ReflinkStats NONE = new ReflinkStats(0, 0, 0, null);
}
