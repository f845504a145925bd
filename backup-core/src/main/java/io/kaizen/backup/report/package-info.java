/**
 * Reports: the results runs hand back to their callers, to be rendered as text, JSON or metrics, and the fleet
 * report of a collector ({@link io.kaizen.backup.report.FleetReport}), built by a pure function from what the
 * collector holds of each node ({@link io.kaizen.backup.report.NodeHistory}). Nothing here prints or reads the
 * clock.
 */
package io.kaizen.backup.report;
