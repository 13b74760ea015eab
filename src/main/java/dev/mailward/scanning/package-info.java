/**
 * Scanning: runs the check engine for the inventory's domains on a schedule (db-scheduler on
 * PostgreSQL, one task instance per domain, cluster-safe) and on demand ("check now", "scan now"
 * for a selection, a tag or everything, with progress and cancel); hands every run's results to the
 * record stage ({@code results.Results}), after checking a result that got worse once more; has
 * the history older than the retention deleted, daily.
 *
 * <p>Other modules read through {@link dev.mailward.scanning.ScanQueries} (when a domain's next scan
 * is due); the console's pages use {@link dev.mailward.scanning.ScanService}. Implements
 * {@code results.ScanActivity} (whether a domain's scan is in progress).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Scanning",
        allowedDependencies = {
            "accounts",
            "checks",
            "checks :: config",
            "configaudit",
            "database",
            "inventory",
            "probe",
            "results",
            "shared"
        })
package dev.mailward.scanning;
