/**
 * The configuration audit: parsers for Postfix {@code main.cf}/{@code postconf -n} and
 * {@code master.cf}/{@code postconf -M}, Dovecot {@code doveconf -n} (2.3 and 2.4 names) and Rspamd
 * {@code rspamadm configdump}, the rules of CHECKS.md "Configuration audit"
 * ({@link dev.mailward.checks.config.ConfigAudit#audit}), the comparison with probe observations
 * ({@link dev.mailward.checks.config.ConfigCorrelation}) and secret redaction on intake
 * ({@link dev.mailward.checks.config.Redactor}). Pure functions over uploaded texts: no I/O.
 * Published as the named interface {@code checks :: config} for the module that stores uploads.
 */
@org.springframework.modulith.NamedInterface("config")
package dev.mailward.checks.config;
