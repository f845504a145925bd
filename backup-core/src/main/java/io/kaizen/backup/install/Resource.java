package io.kaizen.backup.install;

import java.util.List;

/** One thing {@code kaizen install} manages. Paths are absolute on the target system. */
public sealed interface Resource {
    /** A short description for the plan and the log, e.g. {@code file /etc/kaizen/node.yaml}. */
    String describe();

    /** What an action is done to, e.g. {@code file /etc/kaizen/node.yaml (0640 root:root)} or {@code user kaizen-backup}. */
    default String subject() {
        return describe();
    }

    /**
     * A regular file with exactly this content, mode and owner. {@code validate}, when not empty, is a command
     * run on the new content before it is installed ({@code %} is its path), as Puppet's {@code validate_cmd}.
     */
    record File(String path, String content, String mode, String owner, String group, List<String> validate)
            implements Resource {
        public File {
            validate = List.copyOf(validate);
        }

        @Override
        public String describe() {
            return "file " + path + " (" + mode + " " + owner + ":" + group + ")";
        }
    }

    /** A file that must exist with this mode and owner (created empty); its content is not managed. */
    record Present(String path, String mode, String owner, String group) implements Resource {
        @Override
        public String describe() {
            return "file " + path + " (" + mode + " " + owner + ":" + group + ", content not managed)";
        }
    }

    /** A directory with this mode and owner; its content is not managed. */
    record Directory(String path, String mode, String owner, String group) implements Resource {
        @Override
        public String describe() {
            return "directory " + path + " (" + mode + " " + owner + ":" + group + ")";
        }
    }

    /** A system user with a real shell (sshd runs forced commands with it), password {@code *}, and a home. */
    record Account(String name, String home, String shell, String comment) implements Resource {
        @Override
        public String describe() {
            return "user " + name + " (system, home " + home + ", shell " + shell + ", password *)";
        }
    }

    /** An ed25519 key pair made on this machine by ssh-keygen (private 0600, public 0644); never replaced. */
    record KeyPair(String path, String comment) implements Resource {
        @Override
        public String describe() {
            return "key pair " + path + " and " + path + ".pub (ed25519, made here by ssh-keygen)";
        }
    }

    /** A file or directory (removed with its content) that must not exist. */
    record Absent(String path) implements Resource {
        @Override
        public String describe() {
            return "no " + path;
        }

        @Override
        public String subject() {
            return path;
        }
    }

    /** A user that must not exist (removed with its home). */
    record NoAccount(String name) implements Resource {
        @Override
        public String describe() {
            return "no user " + name;
        }

        @Override
        public String subject() {
            return "user " + name;
        }
    }
}
