/**
 * The collector's job: {@link io.kaizen.backup.collect.CollectJob} reads the inventory and pulls every node's
 * newest complete snapshot it does not hold yet into that node's own store, in parallel with a bound.
 *
 * <p>Invariants: one node never blocks or fails the others (each has its own lock, partial and result); a node
 * that cannot be reached or has no fresh snapshot fails the run after all others were collected; retention of a
 * node's store runs only after that node's pull succeeded; collection is append-only: a collected copy is never
 * replaced or deleted because of what a node lists (a rewrite or a future date is refused and named).
 */
package io.kaizen.backup.collect;
