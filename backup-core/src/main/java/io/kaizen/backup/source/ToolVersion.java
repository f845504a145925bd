package io.kaizen.backup.source;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.ChildProcess;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The first line of {@code TOOL --version} (on stdout, or on stderr where the tool prints it there), as recorded in the manifest. */
final class ToolVersion {
    private ToolVersion() {
    }

    /** The version line, or a {@link KaizenException} saying the tool is missing or broken. */
    static String of(String program, String installHint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome;
        try {
            outcome = ChildProcess.run(List.of(program, "--version"), out);
        } catch (KaizenException e) {
            throw new KaizenException(program + " is not installed (" + installHint + ")", e);
        }
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        String text = printed.isEmpty() ? outcome.stderr().strip() : printed; // mariabackup prints it on stderr
        if (!outcome.succeeded() || text.isEmpty()) {
            throw new KaizenException(program + " --version failed: " + outcome.lastError());
        }
        return text.lines().findFirst().orElse(text).replaceAll("\\s+", " ");
    }
}
