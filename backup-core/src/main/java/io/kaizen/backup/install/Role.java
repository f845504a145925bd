package io.kaizen.backup.install;

import java.util.List;
import java.util.Locale;

/**
 * The module's roles with their defaults ({@code data/common.yaml} of the Puppet module): what a node backs up
 * (the old scripts' path lists; the OpenStack paths optional, so a node without one skips it), days kept, and
 * when the daily job runs.
 */
public enum Role {
    CONTROLLER(List.of(optional("/etc/nova"), optional("/etc/keystone"), optional("/etc/cinder"), optional("/etc/glance"),
            optional("/var/lib/nova"), optional("/var/lib/glance"), optional("/var/log/keystone"),
            optional("/var/log/cinder"), optional("/var/log/glance"),
            new Source.Mysql("openstack", "/etc/kaizen/my.cnf")), 2, 2, 30),
    COMPUTE(List.of(optional("/etc/nova"), optional("/etc/keystone"), optional("/etc/cinder"), optional("/etc/glance"),
            optional("/etc/swift"), new Source.Path("/var/lib/nova", List.of("instances/"), true),
            optional("/var/lib/cinder"), optional("/var/lib/keystone"), optional("/var/lib/glance")), 2, 2, 30),
    GENERIC(List.of(new Source.Path("/etc", List.of(), false)), 2, 2, 30),
    COLLECTOR(List.of(), 8, 5, 30);

    /** A source of the node configuration. */
    public sealed interface Source {
        /** A path with its exclude rules; an optional path the node lacks is skipped. */
        record Path(String path, List<String> exclude, boolean optional) implements Source {
            public Path {
                exclude = List.copyOf(exclude);
            }
        }

        /** A MariaDB/MySQL server, every database, credentials in a defaults file. */
        record Mysql(String name, String defaultsFile) implements Source {
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

    private static Source optional(String path) {
        return new Source.Path(path, List.of(), true);
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
