/**
 * The check engine: the {@link dev.mailward.checks.Check} contract, the registry, the runner
 * (per-check deadline, bounded concurrency) and one subpackage per check family. The runner's
 * observe stage has each family observe through {@code dns}/{@code probe} within its context's
 * budget and deadline into a typed observation ({@link dev.mailward.checks.DomainObservation});
 * its judge stage has each family judge its observation with a pure analysis that emits findings
 * with stable codes. Observations round-trip through {@link dev.mailward.checks.ObservationJson},
 * so that they can be judged again without the network. Publishes
 * {@link dev.mailward.checks.CheckResult}, {@link dev.mailward.checks.Finding},
 * {@link dev.mailward.checks.Status} and {@link dev.mailward.checks.Mitigation}.
 * Knows nothing of Spring MVC, JPA or the database.
 * <p>The console's settings of the engine, {@code mailward.checks.*}, are bound beside it in
 * {@code checks.config}, which also wires the console's one {@link dev.mailward.checks.CheckRunner};
 * everything else is a plain library the CLI and tests use without Spring.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Checks",
        allowedDependencies = {"dns", "probe", "probe :: https"})
package dev.mailward.checks;
