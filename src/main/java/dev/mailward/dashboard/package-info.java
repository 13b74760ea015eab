/**
 * Dashboards: the portfolio (score distribution, compliance per mitigation, the domains × mitigations
 * matrix, the fleet trend), one domain's score and findings, the domains failing one mitigation, and
 * every certificate seen. Read models only: {@code domain_score}, {@code domain_score_daily} and
 * {@code certificate_seen} are derived from the results module's results with the mitigation rules and
 * refreshed when results change ({@link dev.mailward.dashboard.ScoreRefresher}, on
 * {@code results.ResultChanged}). Pages read through {@link dev.mailward.dashboard.DashboardQueries},
 * scoped to the signed-in user's teams. Other modules' data comes through their facades
 * ({@code results.Results}, {@code scanning.ScanQueries}, {@code accounts.Accounts}) or the views they
 * publish ({@code inventory_domain_v}, {@code results_run_v}, {@code results_exception_v}).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Dashboard",
        allowedDependencies = {"results", "scanning", "inventory", "mitigations", "accounts", "checks", "reportintake"})
package dev.mailward.dashboard;
