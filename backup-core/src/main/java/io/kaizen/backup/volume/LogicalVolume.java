package io.kaizen.backup.volume;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The LVM logical volume {@code vg/lv} that holds a path: its file system {@code fsType} is mounted on
 * {@code mountPoint}.
 */
public record LogicalVolume(String vg, String lv, Path mountPoint, String fsType) {
    /**
     * The logical volume holding {@code path} (which must exist), found with {@code findmnt -T} and {@code lvs}.
     * A path on anything else (a partition, tmpfs, a snapshot kaizen would have to snapshot again) is bad input.
     */
    public static LogicalVolume holding(Path path) {
        Path real;
        try {
            real = resolved(path);
        } catch (IOException e) {
            throw ConfigException.ofSetting("snapshot", ": lvm: cannot resolve " + path + ": " + e.getMessage());
        }
        Map<String, String> mount = LvmCommands.pairs(LvmCommands.output(
                List.of("findmnt", "-n", "-P", "-o", "SOURCE,TARGET,FSTYPE", "-T", real.toString())));
        String source = mount.getOrDefault("SOURCE", "");
        String where = path + " is on " + source + " (" + mount.get("FSTYPE") + " mounted on " + mount.get("TARGET")
                + ")";
        if (!source.startsWith("/dev/")) {
            throw notOnLvm(where, "not a block device");
        }
        Map<String, String> lv;
        try {
            lv = LvmCommands.pairs(LvmCommands.output(List.of("lvs", "--noheadings", "--nameprefixes", "--unquoted",
                    "-o", "vg_name,lv_name,lv_attr", source)).strip());
        } catch (KaizenException e) {
            throw notOnLvm(where, e.getMessage());
        }
        String attributes = lv.getOrDefault("LVM2_LV_ATTR", "");
        if (attributes.startsWith("s")) {
            throw notOnLvm(where, "it is itself a snapshot");
        }
        if (!lv.containsKey("LVM2_VG_NAME") || !lv.containsKey("LVM2_LV_NAME")) {
            throw notOnLvm(where, "lvs does not list it");
        }
        return new LogicalVolume(lv.get("LVM2_VG_NAME"), lv.get("LVM2_LV_NAME"), Path.of(mount.get("TARGET")),
                mount.get("FSTYPE"));
    }

    private static ConfigException notOnLvm(String where, String why) {
        return ConfigException.ofSetting("snapshot", ": lvm: " + where + ", which is not an LVM logical volume to "
                + "snapshot: " + why);
    }

    /** {@code vg/lv}, as lvm2 commands take it. */
    public String name() {
        return vg + "/" + lv;
    }

    /** Where {@code path}, a path on this volume, is found in a copy of the volume mounted on {@code mounted}. */
    Path inside(Path mounted, Path path) throws IOException {
        Path below = mountPoint.relativize(resolved(path));
        return mounted.resolve(below.toString());
    }

    /** The path with its parents' symbolic links resolved (not its own: a path source copies a link as a link). */
    private static Path resolved(Path path) throws IOException {
        Path parent = path.getParent();
        return parent == null ? path.toRealPath() : parent.toRealPath().resolve(path.getFileName());
    }
}
