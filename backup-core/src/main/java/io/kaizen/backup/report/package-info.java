/** Reports: the results runs hand back to their callers, to be rendered as text, JSON or metrics. */
package io.kaizen.backup.report;
