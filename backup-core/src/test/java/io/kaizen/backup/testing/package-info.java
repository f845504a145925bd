/** Test fixtures shared by every module's tests: a tree builder and a tree listing that compares trees. */
package io.kaizen.backup.testing;
