/**
 * rsync's delta algorithm: a {@link io.kaizen.backup.transfer.delta.Signature} of the old file (rsync's block
 * size, weak rolling checksum and a strong hash per block: MD5 or XXH64, {@link
 * io.kaizen.backup.transfer.delta.StrongHash}), a delta of the new file against it as block-copy and
 * literal instructions ({@link io.kaizen.backup.transfer.delta.DeltaEncoder}), and its application, which writes
 * a new file from the old one and the delta without ever modifying the old one (it may be hard-linked from other
 * snapshots). Memory is O(signature), never O(file). The wire form ({@link
 * io.kaizen.backup.transfer.delta.DeltaWire}) treats its input as untrusted.
 */
package io.kaizen.backup.transfer.delta;
