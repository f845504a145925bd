package io.kaizen.backup.transfer.rsync;

import java.util.Map;

/** rsync's exit codes, as its manual page names them. */
final class RsyncExitCodes {
    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(1, "syntax or usage error"),
            Map.entry(2, "protocol incompatibility"),
            Map.entry(3, "errors selecting input/output files, dirs"),
            Map.entry(5, "error starting client-server protocol"),
            Map.entry(10, "error in socket I/O"),
            Map.entry(11, "error in file I/O"),
            Map.entry(12, "error in rsync protocol data stream"),
            Map.entry(13, "errors with program diagnostics"),
            Map.entry(14, "error in IPC code"),
            Map.entry(20, "received SIGUSR1 or SIGINT"),
            Map.entry(22, "error allocating core memory buffers"),
            Map.entry(23, "partial transfer due to error"),
            Map.entry(24, "partial transfer due to vanished source files"),
            Map.entry(25, "the --max-delete limit stopped deletions"),
            Map.entry(30, "timeout in data send/receive"),
            Map.entry(35, "timeout waiting for daemon connection"));

    private RsyncExitCodes() {
    }

    static String describe(int code) {
        return MEANINGS.getOrDefault(code, code > 128 ? "killed by signal " + (code - 128) : "unknown error");
    }
}
