/**
 * Dashboards: the portfolio (score distribution, compliance per mitigation, the domains × mitigations
 * matrix, the fleet trend), one domain's score and findings, the domains failing one mitigation, and
 * every certificate seen. Read models only: {@code domain_score}, {@code domain_score_daily} and
 * {@code certificate_seen} are derived from scanning's results with the mitigation rules and refreshed
 * when results change ({@link dev.mailward.dashboard.ScoreRefresher}). Pages read through
 * {@link dev.mailward.dashboard.DashboardQueries}, scoped to the signed-in user's teams.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Dashboard",
        allowedDependencies = {"scanning", "inventory", "mitigations", "accounts", "checks"})
package dev.mailward.dashboard;
