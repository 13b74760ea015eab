/**
 * Uploaded server configurations and their audit: intake of {@code postconf -n}, {@code postconf -M},
 * {@code doveconf -n} and {@code rspamadm configdump} per mail server (console page and
 * {@code /api/v1/servers/{id}/config}), secret redaction before storage
 * ({@link dev.mailward.configaudit.Redactor}), versions with a SHA-256 and a line diff against the
 * previous version, the configuration audit of each upload (parsers for Postfix {@code main.cf}/
 * {@code master.cf}, Dovecot 2.3 and 2.4 names and Rspamd, and the rules of CHECKS.md "Configuration
 * audit", {@link dev.mailward.configaudit.ConfigAudit#audit}) and its correlation with what was
 * observed from outside ({@link dev.mailward.configaudit.ConfigCorrelation}). The parsers and rules
 * are pure functions over uploaded texts: no I/O.
 *
 * <p>Other modules use {@link dev.mailward.configaudit.ServerConfigService}; the scanning module
 * feeds probe observations ({@link dev.mailward.configaudit.Observations}) through
 * {@link dev.mailward.configaudit.ServerConfigService#correlate}. Every upload publishes an
 * {@link dev.mailward.shared.AuditableAction} ({@code server.config.uploaded});
 * {@link dev.mailward.configaudit.UploadRedaction} redacts uploads and, for migration V14, what is stored.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Configuration audit",
        allowedDependencies = {"checks", "inventory", "accounts", "shared"})
package dev.mailward.configaudit;
