/**
 * Audit reports: exports of the results of a scope (all visible domains, a team, a tag or selected
 * domains) as they stood at a point in time ("as of", rebuilt from the results history), as PDF, CSV
 * or JSON; their archive ({@code report_archive}: who, when, scope, format and the SHA-256 of the
 * bytes, so that a copy can be verified later); the {@code /api/v1/reports} API. Exports stream:
 * domains are read through a server-side cursor one at a time, over the views the inventory and the
 * results module publish ({@code inventory_domain_v}, {@code results_*_v}), and written to the archive
 * file as they come, never held in memory all at once.
 *
 * <p>Publishes {@link dev.mailward.reports.ReportService} (generate, archive, verify) and its value
 * types. Every generated report is audited ({@code report.generated}).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Reports",
        allowedDependencies = {"results", "inventory", "mitigations", "accounts", "shared", "checks"})
package dev.mailward.reports;
