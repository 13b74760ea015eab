/**
 * Results, the record stage of observe → judge → record: the engine runs ({@code check_run}), the
 * append-only result history ({@code check_result}), the current result per domain, check and target
 * ({@code current_result}), each with the rules version that judged it, the latest observation of each
 * domain ({@code check_observation}, to judge again under newer rules: {@code Results#rejudgeAll}),
 * confirmed changes ({@code change_event}) and accepted findings ({@code finding_exception}, exceptions
 * with a reason and an expiry); their pages (a domain's results
 * section, {@code /changes}) and {@code /api/v1/results}, {@code /api/v1/changes} and
 * {@code /api/v1/exceptions}.
 *
 * <p>{@code scanning} hands each run's results to {@link dev.mailward.results.Results} (the record
 * stage and the reads of other modules), which stores them, detects the confirmed changes and publishes
 * {@link dev.mailward.results.ResultChanged}. The console's scoped pages and API go through
 * {@link dev.mailward.results.ResultService}. Other modules read through these facades, or through the
 * views this module publishes for bulk reads ({@code results_current_v}, {@code results_history_v},
 * {@code results_exception_v}, {@code results_change_v}, {@code results_run_v}; docs/ARCHITECTURE.md §2).
 * Whether a domain's scan is in progress it asks through its own {@link dev.mailward.results.ScanActivity},
 * which scanning implements: data flows one way, scanning → results.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Results",
        allowedDependencies = {"accounts", "checks", "configaudit", "dns", "inventory", "probe", "shared"})
package dev.mailward.results;
