package io.kaizen.backup.install;

import io.kaizen.backup.process.Priority;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The module's roles with their defaults ({@code data/common.yaml} of the Puppet module): what a node backs up
 * (the old scripts' path lists; the OpenStack paths optional, so a node without one skips it), days kept, when
 * the daily job runs, and the priority it runs at (compute nodes: nice 19 and idle I/O, the tenants' VMs first).
 */
public enum Role {
    CONTROLLER(List.of(optional("/etc/nova"), optional("/etc/keystone"), optional("/etc/cinder"), optional("/etc/glance"),
            optional("/var/lib/nova"), optional("/var/lib/glance"), optional("/var/log/keystone"),
            optional("/var/log/cinder"), optional("/var/log/glance"),
            new Source.Mysql("openstack", "/etc/kaizen/my.cnf")), 2, 2, 30, Optional.empty()),
    COMPUTE(List.of(optional("/etc/nova"), optional("/etc/keystone"), optional("/etc/cinder"), optional("/etc/glance"),
            optional("/etc/swift"), new Source.Path("/var/lib/nova", List.of("instances/"), true),
            optional("/var/lib/cinder"), optional("/var/lib/keystone"), optional("/var/lib/glance")), 2, 2, 30,
            Optional.of(new Priority(19, Priority.IoClass.IDLE, null))),
    GENERIC(List.of(new Source.Path("/etc", List.of(), false)), 2, 2, 30, Optional.empty()),
    COLLECTOR(List.of(), 8, 5, 30, Optional.empty());

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
    private final Optional<Priority> priority;

    Role(List<Source> sources, int keepDays, int hour, int minute, Optional<Priority> priority) {
        this.sources = sources;
        this.keepDays = keepDays;
        this.hour = hour;
        this.minute = minute;
        this.priority = priority;
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

    /** The priority a node of this role runs its snapshots at; empty: as cron started it. */
    public Optional<Priority> priority() {
        return priority;
    }

    public boolean node() {
        return this != COLLECTOR;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
