/**
 * Volume snapshots: a point-in-time, read-only view of the LVM logical volume that holds a path source
 * (README, "Consistent copies from LVM snapshots"). {@link io.kaizen.backup.volume.LogicalVolume} finds the volume
 * of a path, {@link io.kaizen.backup.volume.LvmSnapshot} makes, mounts and removes one snapshot of it,
 * {@link io.kaizen.backup.volume.LvmLeftovers} removes what a killed run left.
 *
 * <p>Invariants: every snapshot is named {@code kaizen-snap-TAG-N} after the {@link io.kaizen.backup.process.RunTag}
 * of the run that made it, and mounted read-only below {@link io.kaizen.backup.volume.LvmSnapshot#MOUNT_BASE};
 * a run removes its own snapshots whatever becomes of its copy, and only snapshots whose run is no longer alive
 * are leftovers.
 */
package io.kaizen.backup.volume;
