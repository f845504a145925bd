package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.HashingChannel;
import io.kaizen.backup.fs.OwnerOnly;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A command run without a shell whose stdout becomes {@code dumps/NAME} (0600) in the snapshot, hashed as it is written
 * (the sums pass takes that sum). A non-zero exit or an empty output fails the source, with the command's stderr
 * in the message.
 */
public record DumpSource(String name, List<String> command) implements Source {
    public static final String DUMPS_DIR = "dumps";

    public DumpSource {
        DumpNames.check("dump", name);
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw new ConfigException("dump '" + name + "' needs a command (a list: [program, arg, ...])");
        }
        command = List.copyOf(command);
    }

    @Override
    public String kind() {
        return "dump";
    }

    @Override
    public SourceResult capture(CaptureContext context) {
        Path file = context.partial().resolve(DUMPS_DIR).resolve(name);
        try {
            OwnerOnly.directory(file.getParent());
            ChildProcess.Outcome outcome;
            HashingChannel hashing;
            try (FileChannel channel = FileChannel.open(OwnerOnly.file(file), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                hashing = HashingChannel.unbounded(channel, Sha256.digest());
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(hashing), 1 << 16);
                outcome = ChildProcess.run(command, out);
            }
            if (outcome.outputError() != null) {
                return failed(file, "writing " + file + " failed: " + outcome.outputError().getMessage());
            }
            if (!outcome.succeeded()) {
                return failed(file, "'" + String.join(" ", command) + "' exited with " + outcome.exitCode()
                        + ": " + outcome.lastError());
            }
            if (Files.size(file) == 0) {
                return failed(file, "'" + String.join(" ", command) + "' wrote nothing to stdout"
                        + (outcome.stderr().isBlank() ? "" : ": " + outcome.lastError()));
            }
            context.writtenSums().put((DUMPS_DIR + "/" + name).getBytes(StandardCharsets.UTF_8), hashing.digest());
            return new SourceResult(kind(), name, RunStatus.SUCCEEDED, null);
        } catch (IOException | KaizenException e) {
            return failed(file, e.getMessage());
        }
    }

    /** A failed dump is removed from the snapshot: a truncated dump must never pass for a backup. */
    private SourceResult failed(Path file, String message) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            message += " (and its incomplete output " + file + " could not be removed: " + e.getMessage() + ")";
        }
        return new SourceResult(kind(), name, RunStatus.FAILED, message);
    }
}
