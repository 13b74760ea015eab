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
 * input bounded by {@code IntakeLimits}), then {@code DmarcXml} or {@code TlsRptJson}. A DMARC report is stored
 * while it is read: gzip XML is parsed as it is decompressed, and each record goes into the report's
 * {@code COPY} stream as soon as it is parsed ({@code ReportStore#writeDmarc}), in one transaction that a
 * record found unreadable later rolls back. A report belongs to
 * the inventory domain it is about, found in the inventory's published view {@code inventory_domain_v};
 * reports about other domains are kept aside for an ADMIN. Facade: {@link
 * dev.mailward.reportintake.ReportIntake}.
 *
 * <p><b>Analysis</b> (issue 21, items 3 and 4).
 *
 * <p><b>Who a source is.</b> {@code SourceNames} asks the {@code dns} module for the PTR name of a source
 * address and the A/AAAA records of that name (forward-confirmed when one is the address), and keeps the answer
 * in {@code reportintake_source_name} (V40) for {@code mailward.reports.intake.ptr-ttl} (7 days; a failed
 * lookup one hour; a lookup cut short by a deadline is not kept). Bounded: a page or summary resolves at most
 * {@code ptr-per-view} (20) uncached addresses, the most messages first, within {@code ptr-view-deadline}
 * (3 s), and shows the others as "not resolved yet"; an import hands at most {@code ptr-per-import} (500)
 * addresses to one background thread with a queue of 16 batches (a full queue drops the batch). The
 * organisation is the PTR name's registrable domain ({@code checks :: psl}, the Public Suffix List). With
 * {@code mailward.reports.intake.asn-database} an iptoasn.com TSV file ({@code ip2asn-v4.tsv},
 * {@code ip2asn-combined.tsv}) is read once into sorted arrays (at most {@code asn-max-ranges}); without it the
 * AS and country columns are hidden.
 *
 * <p><b>How a source is judged</b> ({@code SourceAnalysis}; per source address over the period, the 200 with
 * the most messages):
 * <ul>
 *   <li>{@code FORWARDED}: no aligned SPF pass, and either its forward-confirmed PTR name lies in a known
 *       forwarder's domain ({@code known-forwarders}: mailbox providers that forward automatically and
 *       mailing-list hosts, by default google.com, googlemail.com, outlook.com, hotmail.com, yahoo.com,
 *       yahoodns.net, icloud.com, messagingengine.com, pobox.com, groups.io, gmx.net, web.de; ESPs are not on
 *       it, they send on the domain's behalf and must authenticate), or DKIM passes aligned while the envelope
 *       sender is not the domain's (relaxed: same organisational domain). A source in our SPF is never a
 *       forwarder. Its failures are forwarding damage, not spoofing.</li>
 *   <li>{@code AUTHENTICATED}: every message passed DMARC. {@code PARTIAL}: some did, some did not.</li>
 *   <li>{@code UNAUTHENTICATED} ("possible spoofing"): no aligned pass at all, not a forwarder.</li>
 * </ul>
 * A source is <em>legitimate</em> when it is {@code AUTHENTICATED} or {@code PARTIAL}, or {@code UNAUTHENTICATED}
 * with at least 2 % of the domain's messages and at least 10 messages from a forward-confirmed organisation
 * (a service sending for the domain that was never set up). For a legitimate source with failing messages the
 * fixes are: no aligned SPF pass and the envelope sender is the domain's (or unknown): {@code SPF_ADD} (add
 * {@code ip4:}/{@code ip6:} or the provider's include to the envelope domain's SPF); no aligned SPF pass and
 * another envelope domain: {@code ALIGN_ENVELOPE}; no aligned DKIM pass: {@code DKIM_SIGN} (or
 * {@code DKIM_ALIGN} when it signs with another domain); both aligned sometimes: {@code INTERMITTENT}.
 *
 * <p><b>"Ready for p=reject?"</b> {@code NOT_ENOUGH_DATA} with fewer than 3 reports or reports on fewer than 7
 * distinct days in the period; {@code NOT_READY} when a legitimate source has more than 1 % of its messages
 * failing DMARC (the blockers, each with its fixes); else {@code READY}. The reasons also count the messages of
 * unauthenticated sources (those p=reject would reject) and the forwarded messages that failed.
 *
 * <p><b>"MTA-STS ready for enforce?"</b> {@code NOT_ENOUGH_DATA} with fewer than 3 TLS reports or fewer than 7
 * days, or no session; {@code NOT_READY} when fewer than 99 % of the sessions succeeded or any session failed
 * with a result type that would be a delivery failure under enforce: {@code starttls-not-supported},
 * {@code certificate-host-mismatch}, {@code certificate-expired}, {@code certificate-not-trusted},
 * {@code validation-failure}, {@code sts-policy-fetch-error}, {@code sts-policy-invalid},
 * {@code sts-webpki-invalid}; else {@code READY}. Failures are also counted per sending organisation (the
 * sending address's PTR organisation, or the address).
 *
 * <p><b>Pages.</b> A domain's page draws messages per day as inline SVG (title, description, and the same
 * figures as a table), offers its sources as CSV ({@code shared.Csv}, formula cells kept text), and the
 * portfolio {@code /aggregate-reports} lists the user's teams' domains by DMARC pass rate, lowest first, 50 a
 * page.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Report intake",
        allowedDependencies = {"accounts", "probe", "shared", "dns", "checks :: psl"})
package dev.mailward.reportintake;
