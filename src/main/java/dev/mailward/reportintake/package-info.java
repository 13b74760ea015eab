/**
 * Report intake: the DMARC aggregate reports (RFC 9990, and the RFC 7489 appendix C schema real reporters
 * still send) and SMTP TLS reports (RFC 8460) that other mail systems send about our domains. Owns the
 * stored reports and their rows ({@code reportintake_dmarc_report}, {@code reportintake_dmarc_record},
 * {@code reportintake_tls_report}, {@code reportintake_tls_policy}, {@code reportintake_tls_failure}) and
 * the files it could not read ({@code reportintake_rejected}); the upload page {@code /report-intake}, a
 * domain's report page {@code /domains/{id}/aggregate-reports} and the API {@code /api/v1/report-ingest},
 * {@code /api/v1/dmarc/{domainId}/summary}, {@code /api/v1/tlsrpt/{domainId}/summary}.
 *
 * <p>Every file goes through {@code ReportFiles} (containers: XML, gzip, zip, JSON, whole messages; hostile
 * input bounded by {@code IntakeLimits}), then {@code DmarcXml} or {@code TlsRptJson}. A report belongs to
 * the inventory domain it is about, found in the inventory's published view {@code inventory_domain_v};
 * reports about other domains are kept aside for an ADMIN. Facade: {@link
 * dev.mailward.reportintake.ReportIntake}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Report intake",
        allowedDependencies = {"accounts", "shared", "dns", "checks :: psl"})
package dev.mailward.reportintake;
