package io.kaizen.backup.install;

import java.util.List;
import java.util.Locale;

/**
 * The module's roles with their defaults ({@code data/common.yaml} of the Puppet module): what a node backs up
 * (the old scripts' path lists), days kept, and when the daily job runs.
 */
public enum Role {
    CONTROLLER(List.of(path("/etc/nova"), path("/etc/keystone"), path("/etc/cinder"), path("/etc/glance"),
            path("/var/lib/nova"), path("/var/lib/glance"), path("/var/log/keystone"), path("/var/log/cinder"),
            path("/var/log/glance"), new Source(null, List.of(), "mysql-all.sql",
                    List.of("mysqldump", "--all-databases", "--single-transaction", "--routines", "--events"))), 2, 2, 30),
    COMPUTE(List.of(path("/etc/nova"), path("/etc/keystone"), path("/etc/cinder"), path("/etc/glance"), path("/etc/swift"),
            new Source("/var/lib/nova", List.of("instances/"), null, List.of()), path("/var/lib/cinder"),
            path("/var/lib/keystone"), path("/var/lib/glance")), 2, 2, 30),
    GENERIC(List.of(path("/etc")), 2, 2, 30),
    COLLECTOR(List.of(), 8, 5, 30);

    /** A path source ({@code path}, with {@code exclude} rules) or a dump source ({@code dump}, {@code command}). */
    public record Source(String path, List<String> exclude, String dump, List<String> command) {
        public Source {
            exclude = List.copyOf(exclude);
            command = List.copyOf(command);
        }
    }

    private final List<Source> sources;
    private final int keepDays;
    private final int hour;
    private final int minute;

    Role(List<Source> sources, int keepDays, int hour, int minute) {
        this.sources = sources;
        this.keepDays = keepDays;
        this.hour = hour;
        this.minute = minute;
    }

    private static Source path(String path) {
        return new Source(path, List.of(), null, List.of());
    }

    public List<Source> sources() {
        return sources;
    }

    public int keepDays() {
        return keepDays;
    }

    public int hour() {
        return hour;
    }

    public int minute() {
        return minute;
    }

    public boolean node() {
        return this != COLLECTOR;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
