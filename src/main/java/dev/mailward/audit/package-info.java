/**
 * The append-only audit log: one row per state-changing action, written by listeners on other
 * modules' events (accounts' user and login events) and on the generic
 * {@link dev.mailward.audit.AuditableAction} any module may publish. The database refuses UPDATE,
 * DELETE and TRUNCATE on the table. Admins read it at {@code /admin/audit}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit log")
package dev.mailward.audit;
