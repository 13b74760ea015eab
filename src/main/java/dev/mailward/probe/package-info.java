/**
 * Bounded network sessions with mail servers (SMTP, IMAP, POP3, ManageSieve) and HTTPS fetches,
 * TLS handshake analysis, and the target-address policy that decides which addresses Mailward may
 * connect to at all. Every session inherits one deadline; the transcript is the evidence.
 * <p>Also the one service/port table ({@link dev.mailward.probe.Protocol}), the one MX/SRV discovery
 * ({@link dev.mailward.probe.MailDiscovery}, used by onboarding and by the checks) and the typed
 * endpoints that travel from the inventory and the command line to the probes
 * ({@link dev.mailward.probe.EndpointSpec}, {@link dev.mailward.probe.ConfiguredEndpoint}).
 * Knows nothing of Spring MVC, JPA or the database.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Probe", allowedDependencies = "dns")
package dev.mailward.probe;
