package io.kaizen.backup.fs;

import com.sun.jna.LastErrorException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The exception a failed C library call through JNA means, as the JDK maps the same error numbers. */
final class NativeErrors {
    static final int ENOENT = 2;
    static final int EPERM = 1;
    static final int EEXIST = 17;
    static final int EACCES = 13;
    static final int ERANGE = 34;
    static final int ENOSYS = 38;
    static final int ENODATA = 61;
    static final int ENOTSUP = 95;

    private NativeErrors() {
    }

    /** The failure of {@code call} on {@code path}; the reason names the call and the C library's message. */
    static FileSystemException of(Path path, String call, LastErrorException e) {
        String reason = call + ": " + e.getMessage().replaceFirst("^\\[\\d+\\] ", "");
        return switch (e.getErrorCode()) {
            case ENOENT -> new NoSuchFileException(path.toString());
            case EEXIST -> new FileAlreadyExistsException(path.toString());
            case EACCES -> new AccessDeniedException(path.toString(), null, reason);
            case ENOTSUP -> new ExtendedAttributes.NotSupported(path.toString(), reason);
            default -> new FileSystemException(path.toString(), null, reason);
        };
    }
}
