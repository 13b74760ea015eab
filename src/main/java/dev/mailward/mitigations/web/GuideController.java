package dev.mailward.mitigations.web;

import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.CatalogueEntry;
import dev.mailward.mitigations.DomainGuide;
import dev.mailward.mitigations.DomainGuideSource;
import dev.mailward.mitigations.DomainObservations;
import dev.mailward.mitigations.FixGenerator;
import dev.mailward.mitigations.GuideService;
import dev.mailward.reportintake.ReportIntake;
import dev.mailward.reportintake.ReportedSender;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The mitigation catalogue and one remediation guide per mitigation; read-only, for every authenticated
 * role. With {@code ?domain=} (an id or a name) the guide is filled in for that domain: its not-passing
 * findings with their evidence and the generated fixes. A domain the user may not see is "not found".
 *
 * <p>The guide page reads in the order people fix things, and other pages link to its parts by these
 * anchors (ids); keep them when changing {@code mitigations/guide.html}:
 *
 * <ul>
 *   <li>{@code #domain-guide}: this domain's findings of the mitigation, not passing first, each with its
 *       evidence folded (only with {@code ?domain=});
 *   <li>{@code #domain-reports}: on the {@code layered-auth} and {@code tls} guides with {@code ?domain=}, what
 *       the DMARC or TLS reports about the domain said in the last 30 days, or how to publish {@code rua=};
 *   <li>{@code #spf-report-senders}: on the {@code spf-dkim} guide with {@code ?domain=}, the choice to add the
 *       senders seen in DMARC reports to the generated SPF record ({@code &reportSenders=true}, never by
 *       default);
 *   <li>{@code #fix}: "Fix it": the records and snippets generated for the domain ({@code #fixes}), then the
 *       server configuration of the guide ({@code #dns}, {@code #postfix}, {@code #dovecot} ...);
 *   <li>{@code #verify}: how to confirm the fix: the guide's commands with the domain filled in, and the
 *       "scan again" button ({@code #rescan}, for ADMIN and OPERATOR);
 *   <li>{@code #background}: what it protects against, how it is measured, why it matters, references;
 *   <li>{@code #codes}: the finding-code catalogue, folded; {@code #CODE} (e.g. {@code #SPF_NO_RECORD}) is the
 *       section of one code inside it, and a link to it opens the fold ({@code frontend/js/mailward.js}).
 * </ul>
 */
@Controller
class GuideController {

    static final String INDEX_VIEW = "mitigations/index";
    static final String GUIDE_VIEW = "mitigations/guide";
    /** The days of reports a domain's guide shows, today (UTC) included. */
    static final int REPORT_DAYS = 30;

    private static final int MAX_DOMAIN_PARAMETER = 300;

    private final GuideService guides;
    private final ObjectProvider<DomainGuideSource> domains;
    private final ObjectProvider<ReportIntake> reports;

    GuideController(
            GuideService guides, ObjectProvider<DomainGuideSource> domains, ObjectProvider<ReportIntake> reports) {
        this.guides = guides;
        this.domains = domains;
        this.reports = reports;
    }

    @GetMapping("/mitigations")
    String index(Model model) {
        model.addAttribute("entries", guides.catalogue().entries());
        return INDEX_VIEW;
    }

    @GetMapping("/mitigations/{id}/guide")
    String guide(
            @PathVariable String id,
            @RequestParam Optional<String> domain,
            @RequestParam(defaultValue = "false") boolean reportSenders,
            Model model) {
        CatalogueEntry entry = guides.guide(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no mitigation '" + id + "'"));
        model.addAttribute("entry", entry);
        Optional<String> wanted = domain.map(String::strip).filter(d -> !d.isEmpty());
        if (wanted.isPresent()) {
            DomainObservations observed = observations(wanted.get());
            ReportIntake intake = reports.getIfAvailable();
            LocalDate to = LocalDate.now(ZoneOffset.UTC);
            LocalDate from = to.minusDays(REPORT_DAYS - 1);
            List<ReportedSender> senders = intake != null && entry.mitigation() == Mitigation.SPF_DKIM
                    ? intake.dkimOnlySenders(observed.domainId(), from, to, SEEN_SENDERS)
                    : List.of();
            List<FixGenerator.SeenSender> seen = reportSenders
                    ? senders.stream()
                            .map(r -> new FixGenerator.SeenSender(r.ip(), r.messages()))
                            .toList()
                    : List.of();
            DomainGuide filled = guides.forDomain(entry.mitigation(), observed, Instant.now(), seen);
            model.addAttribute("domainGuide", filled);
            model.addAttribute("domain", filled.displayName());
            model.addAttribute("fixes", filled.fixes());
            model.addAttribute("reportSenders", senders);
            model.addAttribute("reportSendersIncluded", reportSenders && !senders.isEmpty());
            if (intake != null && entry.mitigation() == Mitigation.LAYERED_AUTH) {
                model.addAttribute(
                        "reports",
                        GuideReports.of(
                                intake.dmarcSummary(observed.domainId(), from, to),
                                published(observed, "dmarc", NO_DMARC_RECORD)));
            } else if (intake != null && entry.mitigation() == Mitigation.TLS) {
                model.addAttribute(
                        "reports",
                        GuideReports.of(
                                intake.tlsSummary(observed.domainId(), from, to),
                                published(observed, "tls-rpt", NO_TLSRPT_RECORD)));
            }
        } else {
            model.addAttribute("fixes", List.of());
        }
        return GUIDE_VIEW;
    }

    /** The most senders seen in DMARC reports the SPF record may name. */
    private static final int SEEN_SENDERS = 10;

    /** DMARC findings saying the domain publishes no record of its own. */
    private static final Set<String> NO_DMARC_RECORD = Set.of("DMARC_MISSING", "DMARC_DNS_ERROR", "DMARC_INHERITED");

    /** TLS-RPT findings saying the domain publishes no record. */
    private static final Set<String> NO_TLSRPT_RECORD =
            Set.of("TLSRPT_MISSING", "TLSRPT_NOT_DEPLOYED", "TLSRPT_DNS_ERROR", "TLSRPT_NULL_MX");

    /** Whether the domain's current result of the check saw its own record. */
    private static boolean published(DomainObservations o, String check, Set<String> absent) {
        return o.checkResults().stream()
                .filter(r -> r.check().equals(check))
                .anyMatch(r ->
                        !r.findings().isEmpty() && r.findings().stream().noneMatch(f -> absent.contains(f.code())));
    }

    private DomainObservations observations(String domain) {
        DomainGuideSource source = domains.getIfAvailable();
        if (source == null || domain.length() > MAX_DOMAIN_PARAMETER) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no domain");
        }
        return source.observations(domain)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no domain"));
    }
}
