/**
 * The web kernel every module's pages and API stand on: the one security configuration (the
 * stateless {@code /api/**} chain and the session chain, URL rules, security headers; the accounts
 * module contributes credentials through {@link dev.mailward.shared.ApiChainContribution} and
 * {@link dev.mailward.shared.SessionChainContribution}), the RFC 9457 problem details of
 * {@code /api/v1} ({@link dev.mailward.shared.ApiProblems}, the shared advice in {@code api}, strict
 * JSON bodies), the one not-found answer (every module's not-found exception extends
 * {@link dev.mailward.shared.NotFound}), error responses and refused requests, layout advice, static
 * link encoding, the OpenAPI document, and the event other modules publish to be audited
 * ({@link dev.mailward.shared.AuditableAction}); and what every module may use and nothing owns: the
 * one CSV helper ({@link dev.mailward.shared.Csv}: RFC 4180 cells, the formula-injection guard, reading
 * a line of fields).
 *
 * <p>Uses no other module; every module with pages or an API may use it.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Web kernel",
        allowedDependencies = {})
package dev.mailward.shared;
