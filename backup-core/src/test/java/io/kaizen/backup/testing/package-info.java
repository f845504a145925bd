/**
 * Test fixtures shared by every module's tests: a tree builder, and a tree listing that compares trees (read with
 * GNU find and sha256sum, independently of the code under test); real servers started in temporary directories
 * on 127.0.0.1 ports 24000-24999 (PostgreSQL, MariaDB, OpenSSH) and a loop-mounted XFS file system, each stopped
 * and removed by {@code close()}; an S3 server (S3Proxy on files) that records every request it receives, a JUnit
 * extension started and removed around a test class; and the rule, registered for every test, that a skipped
 * test fails ({@link io.kaizen.backup.testing.NoSilentSkips}).
 */
package io.kaizen.backup.testing;
