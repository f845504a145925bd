/**
 * Test fixtures shared by every module's tests: a tree builder and a tree listing that compares trees; real
 * servers started in temporary directories on 127.0.0.1 ports 24000-24999 (PostgreSQL, MariaDB, OpenSSH) and
 * a loop-mounted XFS file system, each stopped and removed by {@code close()}.
 */
package io.kaizen.backup.testing;
