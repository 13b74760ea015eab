/**
 * Bounded network sessions with mail servers (SMTP, IMAP, POP3, ManageSieve) and HTTPS fetches,
 * TLS handshake analysis, and the target-address policy that decides which addresses Mailward may
 * connect to at all. Every session inherits one deadline; the transcript is the evidence.
 * Knows nothing of Spring MVC, JPA or the database.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Probe", allowedDependencies = "dns")
package dev.mailward.probe;
