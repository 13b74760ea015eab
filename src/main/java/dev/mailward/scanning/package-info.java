/**
 * Scanning: runs the check engine for the inventory's domains on a schedule (db-scheduler on
 * PostgreSQL, one task instance per domain, cluster-safe) and on demand ("check now", "scan now"
 * for a selection, a tag or everything, with progress and cancel); stores every result
 * (append-only history) and the current state; turns confirmed changes into
 * {@link dev.mailward.scanning.ResultChanged} events and {@code change_event} rows; keeps accepted
 * findings (exceptions with reason and expiry); deletes history older than the retention.
 *
 * <p>Other modules read through {@link dev.mailward.scanning.ScanQueries}; the console's pages use
 * {@link dev.mailward.scanning.ScanService}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scanning", allowedDependencies = {"accounts", "checks", "configaudit", "database", "dns", "inventory", "probe", "shared"})
package dev.mailward.scanning;
