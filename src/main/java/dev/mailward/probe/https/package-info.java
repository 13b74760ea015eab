/**
 * Bounded HTTPS GET for policy documents (MTA-STS): names resolved through {@code dns}, addresses
 * screened by {@link dev.mailward.probe.TargetPolicy}, certificates validated against a
 * configurable CA bundle, no redirects followed, every size and time bounded. Publishes
 * {@link dev.mailward.probe.https.HttpsFetcher} and its result types.
 */
@org.springframework.modulith.NamedInterface("https")
package dev.mailward.probe.https;
