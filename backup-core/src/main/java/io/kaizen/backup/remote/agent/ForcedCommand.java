package io.kaizen.backup.remote.agent;

import io.kaizen.backup.store.SnapshotName;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client may run through the forced command ({@code SSH_ORIGINAL_COMMAND}): exactly the agent
 * ({@code kaizen-agent 1}), or, only where the node turned rsync server mode on, exactly an rsync sender
 * ({@code rsync --server --sender OPTIONS . PATH...}) with options from a read-only allowlist and paths inside
 * complete snapshots of the store, run as {@value #RSYNC} (never found through {@code PATH}). Everything else is
 * refused with a reason: no command (an interactive shell), any other program, rsync in receiving (writing)
 * mode, options that follow symlinks or read other files, wildcards, {@code ..}, paths outside the store,
 * partial snapshots, symlinked parents.
 */
public final class ForcedCommand {
    /** A decision: run the agent, or run this rsync argv (without a shell). */
    public sealed interface Decision permits Agent, Rsync {
    }

    public record Agent(int version) implements Decision {
    }

    public record Rsync(List<String> argv) implements Decision {
        public Rsync {
            argv = List.copyOf(argv);
        }
    }

    /** The command was refused; the message says why (it is shown to the client). */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** The rsync a sender runs as: an absolute path, so no {@code PATH} (sudo's or another) picks the program. */
    public static final String RSYNC = "/usr/bin/rsync";
    /** Short options rsync's client may pass to a sender that only read (before the 'e' capability block). */
    private static final String SHORT_ALLOWED = "vqlHogDtprzcRSxnWdmAXUIi";
    /**
     * A short-option cluster, optionally ending in rsync's capability block as rrsync accepts it: {@code e}, then
     * {@code .} or a pre-release protocol version {@code N.N}, then capability letters. A bare {@code e} is not one.
     */
    private static final Pattern SHORT = Pattern.compile("-([A-Za-z]*?)(e(?:\\.|[0-9]+\\.[0-9]+)[A-Za-z]*)?");
    /** Long options a reading sender may get: numeric owners, and a listing that transfers no file. */
    private static final Set<String> LONG_ALLOWED = Set.of("--numeric-ids", "--list-only");
    private static final Pattern GLOB = Pattern.compile("[*?\\[\\]{}~]");

    private ForcedCommand() {
    }

    /**
     * Decides what {@code original} may run.
     *
     * @param original   {@code SSH_ORIGINAL_COMMAND}, null when the client asked for a shell
     * @param store      the store served (absolute, normalized)
     * @param isComplete whether a date-named directory of the store is a complete snapshot
     * @param rsyncOn    whether the node turned rsync server mode on ({@code kaizen serve --allow-rsync})
     */
    public static Decision decide(String original, Path store, Predicate<SnapshotName> isComplete, boolean rsyncOn) {
        if (original == null || original.isBlank()) {
            throw new Refused("interactive login refused: this key may only run the kaizen agent "
                    + "('" + AgentProtocol.command() + "') or an rsync sender reading a snapshot");
        }
        if (original.length() > 16384 || original.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new Refused("command refused: too long or holds control characters");
        }
        List<String> words = split(original);
        if (words.get(0).equals(AgentProtocol.COMMAND)) {
            if (words.size() != 2 || !words.get(1).matches("\\d{1,3}")) {
                throw new Refused("usage: " + AgentProtocol.command());
            }
            int version = Integer.parseInt(words.get(1));
            if (version != AgentProtocol.VERSION) {
                throw new Refused("agent protocol version " + version + " not supported; this agent speaks "
                        + AgentProtocol.VERSION);
            }
            return new Agent(version);
        }
        if (words.get(0).equals("rsync")) {
            if (!rsyncOn) {
                throw new Refused("rsync refused: rsync server mode is off on this node (the collector speaks "
                        + "'" + AgentProtocol.command() + "'; 'kaizen serve --allow-rsync' turns it on)");
            }
            return rsync(words, store, isComplete);
        }
        throw new Refused("command refused: '" + abbreviate(original) + "': this key may only run the kaizen agent "
                + "or an rsync sender reading a snapshot");
    }

    private static Rsync rsync(List<String> words, Path store, Predicate<SnapshotName> isComplete) {
        if (words.size() < 3 || !words.get(1).equals("--server")) {
            throw new Refused("rsync refused: only 'rsync --server --sender' requests are served");
        }
        if (!words.get(2).equals("--sender")) {
            throw new Refused("rsync refused: the store is read-only (only --sender requests, no writes)");
        }
        int i = 3;
        for (; i < words.size() && !words.get(i).equals("."); i++) {
            String option = words.get(i);
            if (LONG_ALLOWED.contains(option)) {
                continue;
            }
            Matcher m = SHORT.matcher(option);
            if (!option.startsWith("--") && m.matches()
                    && m.group(1).chars().allMatch(c -> SHORT_ALLOWED.indexOf(c) >= 0)) {
                continue;
            }
            throw new Refused("rsync refused: option '" + abbreviate(option) + "' is not allowed");
        }
        if (i >= words.size() - 1) {
            throw new Refused("rsync refused: no path given");
        }
        for (String path : words.subList(i + 1, words.size())) {
            checkPath(path, store, isComplete);
        }
        List<String> argv = new ArrayList<>(words);
        argv.set(0, RSYNC);
        return new Rsync(argv);
    }

    private static void checkPath(String path, Path store, Predicate<SnapshotName> isComplete) {
        String refused = "rsync refused: path '" + abbreviate(path) + "' ";
        if (!path.startsWith("/")) {
            throw new Refused(refused + "is not absolute");
        }
        if (GLOB.matcher(path).find()) {
            throw new Refused(refused + "holds wildcard characters");
        }
        List<String> components = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw new Refused(refused + "holds '..'");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                components.add(part);
            }
        }
        List<String> storeParts = new ArrayList<>();
        store.forEach(p -> storeParts.add(p.toString()));
        if (components.size() <= storeParts.size() || !components.subList(0, storeParts.size()).equals(storeParts)) {
            throw new Refused(refused + "is outside the store " + store + " (or is the store itself)");
        }
        String snapshot = components.get(storeParts.size());
        boolean complete = SnapshotName.tryParse(snapshot).filter(isComplete).isPresent();
        if (!complete) {
            throw new Refused(refused + "is not inside a complete snapshot ('" + abbreviate(snapshot)
                    + "' is not one: partial, leftover or metadata)");
        }
        Path current = store;
        for (int i = storeParts.size(); i < components.size(); i++) {
            current = current.resolve(components.get(i));
            if (Files.isSymbolicLink(current)) {
                throw new Refused(refused + "goes through a symlink (" + current + ")");
            }
            if (i < components.size() - 1 && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new Refused(refused + "does not exist");
            }
        }
        if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(refused + "does not exist");
        }
    }

    /** Splits on unescaped spaces; a backslash escapes the next character (as rsync's client writes names). */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'' || c == '"' || c == '`' || c == '$' || c == ';' || c == '|' || c == '&'
                    || c == '<' || c == '>' || c == '(' || c == ')') {
                throw new Refused("command refused: shell syntax (" + c + ") is not accepted");
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new Refused("empty command refused");
        }
        return words;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
