package io.kaizen.backup.remote;

/**
 * How a command run by {@link SshConnector#exec} ended.
 *
 * @param exitStatus     the command's exit status (-1 when the host reported none)
 * @param stderr         the last few KiB it wrote on stderr
 * @param clientVersion  our SSH client's name and version, as recorded in manifests
 * @param serverVersion  the version string the server sent
 */
public record CommandOutcome(int exitStatus, String stderr, String clientVersion, String serverVersion) {
    /** The last line of stderr, or a note that there was none. */
    public String lastError() {
        String[] lines = stderr.strip().split("\n");
        return lines[lines.length - 1].isBlank() ? "(no message on stderr)" : lines[lines.length - 1].strip();
    }
}
