/**
 * Uploaded server configurations: intake of {@code postconf -n}, {@code postconf -M},
 * {@code doveconf -n} and {@code rspamadm configdump} per mail server (console page and
 * {@code /api/v1/servers/{id}/config}), secret redaction before storage, versions with a SHA-256
 * and a line diff against the previous version, the configuration audit of each upload and its
 * correlation with what was observed from outside.
 *
 * <p>Other modules use {@link dev.mailward.serverconfig.ServerConfigService}; the scanning module
 * feeds probe observations through {@link dev.mailward.serverconfig.ServerConfigService#correlate}.
 * Every upload publishes an {@link dev.mailward.audit.AuditableAction} ({@code server.config.uploaded});
 * {@link dev.mailward.serverconfig.UploadRedaction} redacts uploads and, for migration V14, what is stored.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Server configuration",
        allowedDependencies = {"checks", "checks :: config", "inventory", "audit", "accounts"})
package dev.mailward.serverconfig;
