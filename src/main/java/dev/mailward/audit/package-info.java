/**
 * The append-only audit log: one row per state-changing action, written by listeners on other
 * modules' events (accounts' user, team, token and login events; inventory's domain events) and
 * on the generic {@link dev.mailward.shared.AuditableAction} any module may publish (scans,
 * exceptions, uploads, exports). Changes made by a user are written in the transaction of the
 * change, with the client address of the request. The database refuses UPDATE, DELETE and
 * TRUNCATE on the table.
 *
 * <p>Entries that concern a team's rows carry the team: admins read every entry, auditors the
 * entries of their teams, at {@code /audit} (also {@code /admin/audit} for admins), filtered by
 * action, actor and date range, and exported as CSV at {@code /audit.csv}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Audit log",
        allowedDependencies = {"accounts", "dns", "inventory", "shared"})
package dev.mailward.audit;
