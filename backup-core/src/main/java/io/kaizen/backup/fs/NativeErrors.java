package io.kaizen.backup.fs;

import com.sun.jna.LastErrorException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** The one mapping of a failed C library call through JNA (its errno) to the JDK's exception for the same failure. */
final class NativeErrors {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ERANGE = 34;
    static final int ENOSYS = 38;
    static final int ENODATA = 61;
    static final int ENOTSUP = 95;

    private NativeErrors() {
    }

    /** The exception for {@code call} failing on {@code path}, named after both, with the C library's reason. */
    static FileSystemException of(String path, String call, LastErrorException e) {
        String reason = call + ": " + e.getMessage().replaceFirst("^\\[\\d+\\] ", "");
        return switch (e.getErrorCode()) {
            case ENOENT -> new NoSuchFileException(path);
            case EEXIST -> new FileAlreadyExistsException(path, null, reason);
            case EACCES -> new AccessDeniedException(path, null, reason);
            case ENOTSUP -> new ExtendedAttributes.NotSupported(path, reason);
            default -> new FileSystemException(path, null, reason);
        };
    }
}
