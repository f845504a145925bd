/**
 * {@code kaizen install}: what the Puppet module (class {@code backups}) manages for a role, for machines without
 * Puppet. {@link io.kaizen.backup.install.InstallPlan} is a pure function from the settings to the resources (files
 * with the module's template content, directories, the backup user, the collector's key pair, and what must be
 * absent); {@link io.kaizen.backup.install.Installer} brings a root directory to that state and reports each
 * change, so a second run changes nothing. Stores are never removed.
 */
package io.kaizen.backup.install;
