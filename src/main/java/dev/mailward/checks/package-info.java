/**
 * The check engine: the {@link dev.mailward.checks.Check} contract, the registry, the runner
 * (per-check deadline, bounded concurrency) and one subpackage per check family. A check observes
 * through {@code dns}/{@code probe} within its context's budget and deadline, then judges what it
 * saw with a pure analysis that emits findings with stable codes. Publishes
 * {@link dev.mailward.checks.CheckResult}, {@link dev.mailward.checks.Finding},
 * {@link dev.mailward.checks.Status} and {@link dev.mailward.checks.Mitigation}.
 * Knows nothing of Spring MVC, JPA or the database.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Checks", allowedDependencies = {"dns", "probe", "probe :: https"})
package dev.mailward.checks;
