/**
 * Audit reports: exports of the results of a scope (all visible domains, a team, a tag or selected
 * domains) as they stood at a point in time ("as of", rebuilt from the results history), as PDF, CSV
 * or JSON; their archive ({@code report_archive}: who, when, scope, format and the SHA-256 of the
 * bytes, so that a copy can be verified later); the {@code /api/v1/reports} and
 * {@code /api/v1/results} API. Exports stream: domains are read through a server-side cursor one at a
 * time and written to the archive file as they come, never held in memory all at once.
 *
 * <p>Publishes {@link dev.mailward.reports.ReportService} (generate, archive, verify, results) and
 * its value types. Every generated report is audited ({@code report.generated}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reports",
        allowedDependencies = {"scanning", "inventory", "mitigations", "accounts", "audit", "checks", "shared"})
package dev.mailward.reports;
