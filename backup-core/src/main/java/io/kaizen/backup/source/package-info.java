/**
 * Sources: what a node backs up. A {@link io.kaizen.backup.source.PathSource} is a tree copied by the engine
 * under its absolute path (optionally with large changed files reflinked); every other source writes under
 * {@code dumps/}: a {@link io.kaizen.backup.source.DumpSource} a command's stdout, a
 * {@link io.kaizen.backup.source.PostgresqlSource} or {@link io.kaizen.backup.source.MysqlSource} checked
 * database dumps, a {@link io.kaizen.backup.source.SshCommandSource} a device's command output over SSH.
 *
 * <p>Invariants: output streams straight into the partial snapshot; output that fails its checks (exit code,
 * emptiness, the dump's completion marker) is removed, never left to pass for a backup; credentials never appear
 * on a command line; each source reports its own result, and one failing source never hides the others.
 */
package io.kaizen.backup.source;
