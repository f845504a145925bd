package io.kaizen.backup.restore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One command of a database restore: its environment additions, its argument vector (run without a shell) and
 * the dump file fed to its standard input.
 */
public record RestoreStep(String description, Map<String, String> env, List<String> argv, Path stdin) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public RestoreStep {
        env = Map.copyOf(env);
        argv = List.copyOf(argv);
    }

    /** The step as a POSIX shell line: {@code VAR=value command args < file}, quoted where needed. */
    public String shellLine() {
        String vars = env.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + quote(e.getValue()) + " ").collect(Collectors.joining());
        return vars + argv.stream().map(RestoreStep::quote).collect(Collectors.joining(" "))
                + (stdin == null ? "" : " < " + quote(stdin.toString()));
    }

    static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
