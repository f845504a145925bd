package io.kaizen.backup.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MariaDB/MySQL client command lines of a {@link MysqlSource}, for dumping and for restoring. Pure: no I/O.
 * Credentials come only from the defaults file ({@code --defaults-file} must be the first option), never from
 * the command line.
 */
public final class MysqlCommands {
    private final MysqlSource source;

    MysqlCommands(MysqlSource source) {
        this.source = source;
    }

    private static List<String> start(String program, Path defaultsFile) {
        List<String> argv = new ArrayList<>(List.of(program));
        if (defaultsFile != null) {
            argv.add("--defaults-file=" + defaultsFile);
        }
        return argv;
    }

    /**
     * {@code mysqldump --single-transaction --routines --events} of every database (with {@code
     * --flush-privileges}, so restored grants take effect) or of the listed ones: one consistent snapshot of
     * all InnoDB tables, without locking them.
     */
    List<String> dump() {
        List<String> argv = start("mysqldump", source.defaultsFile());
        argv.addAll(List.of("--single-transaction", "--routines", "--events"));
        if (source.databases().isEmpty()) {
            argv.addAll(List.of("--all-databases", "--flush-privileges"));
        } else {
            argv.add("--databases");
            argv.add("--");
            argv.addAll(source.databases());
        }
        return argv;
    }

    /** Restores a dump (stdin): {@code mysql}, with the given defaults file (null: the source's). */
    public List<String> restore(Path defaultsFile) {
        return start("mysql", defaultsFile != null ? defaultsFile : source.defaultsFile());
    }
}
