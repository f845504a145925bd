/**
 * Health, metrics and reports: the one rule for whether a store is healthy
 * ({@link io.kaizen.backup.report.StoreHealth}, used by status, metrics, the fleet report and collection), the
 * checks that read stores and apply it ({@link io.kaizen.backup.report.HealthCheck}), the results runs hand back
 * to their callers, to be rendered as text, JSON or metrics, and the fleet report of a collector
 * ({@link io.kaizen.backup.report.FleetReport}), built by a pure function from what the collector holds of each
 * node ({@link io.kaizen.backup.report.NodeHistory}). Nothing here prints or reads the clock.
 */
package io.kaizen.backup.report;
