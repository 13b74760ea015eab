package dev.mailward.checks.mx;

import static dev.mailward.checks.Status.ERROR;
import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.PASS;
import static dev.mailward.checks.Status.WARN;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.TargetKind;
import dev.mailward.dns.AddressText;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mx check (CHECKS.md "mx"): the MX set resolves, each host has addresses, is no alias and no
 * IP literal (RFC 5321 §5.1), null MX (RFC 7505) is recognised, IPv6 readiness is reported.
 */
public final class MxCheck implements Check<MxObservation> {

    @Override
    public String id() {
        return "mx";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.DOMAIN;
    }

    @Override
    public List<MxCode> codes() {
        return List.of(MxCode.values());
    }

    @Override
    public Class<MxObservation> observationType() {
        return MxObservation.class;
    }

    @Override
    public MxObservation observe(CheckContext context) {
        Instant start = Instant.now();
        DnsSession dns = context.newDnsSession();
        MailDiscovery.MxSet mx = MailDiscovery.mx(dns, context.domain());
        return new MxObservation(context.domain(), start, Duration.between(start, Instant.now()), mx, dns.answers());
    }

    @Override
    public List<CheckResult> analyse(MxObservation o) {
        List<Finding> findings = judge(o.domain(), o.mx());
        Evidence evidence = Evidence.builder()
                .dns(o.dns())
                .detail("mxHosts", describe(o.mx()))
                .build();
        return List.of(CheckResult.of(id(), o.domain(), findings, evidence, o.started(), o.elapsed()));
    }

    static List<Finding> judge(String domain, MailDiscovery.MxSet mx) {
        List<Finding> f = new ArrayList<>();
        switch (mx.kind()) {
            case FAILED ->
                f.add(Finding.of(
                        MxCode.MX_LOOKUP_FAILED,
                        ERROR,
                        "the MX lookup of " + domain + " " + DnsWords.failure(mx.mxAnswer())));
            case NXDOMAIN ->
                f.add(Finding.of(
                        MxCode.MX_DOMAIN_NOT_FOUND,
                        FAIL,
                        domain + " does not exist: the DNS has no such name, so no mail can be delivered to it"));
            case NULL_MX ->
                f.add(Finding.of(
                        MxCode.MX_NULL,
                        PASS,
                        domain + " publishes a null MX (0 .): it accepts no mail; mail server checks do not apply"));
            case NULL_MX_WITH_OTHERS -> {
                f.add(
                        Finding.of(
                                MxCode.MX_NULL_WITH_OTHERS,
                                WARN,
                                domain
                                        + " publishes a null MX (0 .) beside other MX records; RFC 7505 §3 says the null MX must be the only one"));
                judgeHosts(mx, f);
            }
            case NONE -> {
                if (mx.hosts().isEmpty()) {
                    f.add(
                            Finding.of(
                                    MxCode.MX_NONE,
                                    WARN,
                                    domain
                                            + " has no MX record and no A/AAAA record: it cannot receive mail; publish a null MX (0 .) if that is intended"));
                } else if (mx.hosts().getFirst().lookupFailed()
                        && mx.hosts().getFirst().addresses().isEmpty()) {
                    f.add(Finding.of(
                            MxCode.MX_TARGET_LOOKUP_FAILED,
                            ERROR,
                            "no MX record; the address lookup of " + domain + " failed"));
                } else {
                    f.add(Finding.of(
                            MxCode.MX_NONE_IMPLICIT,
                            WARN,
                            domain
                                    + " has no MX record; senders fall back to its address "
                                    + addresses(mx.hosts().getFirst())
                                    + " (implicit MX, RFC 5321 §5.1), which is legal but fragile"));
                }
            }
            case MX -> judgeHosts(mx, f);
        }
        return f;
    }

    private static void judgeHosts(MailDiscovery.MxSet mx, List<Finding> f) {
        int withV6 = 0;
        int resolved = 0;
        boolean problem = false;
        for (MailDiscovery.Host h : mx.hosts()) {
            if (h.ipLiteral()) {
                problem = true;
                f.add(Finding.of(
                        MxCode.MX_TARGET_IP_LITERAL,
                        FAIL,
                        "MX target '" + h.host() + "' is an IP address; RFC 5321 §5.1 requires a host name"));
                continue;
            }
            if (h.cname()) {
                problem = true;
                f.add(Finding.of(
                        MxCode.MX_TARGET_CNAME,
                        WARN,
                        "MX host " + h.host()
                                + " is a CNAME; RFC 5321 §5.1 requires the MX target to be the canonical name"));
            }
            if (h.addresses().isEmpty()) {
                problem = true;
                if (h.lookupFailed()) {
                    f.add(Finding.of(
                            MxCode.MX_TARGET_LOOKUP_FAILED,
                            ERROR,
                            "address lookup of MX host " + h.host() + " failed: " + failure(h)));
                } else {
                    f.add(Finding.of(
                            MxCode.MX_TARGET_NO_ADDRESS,
                            FAIL,
                            "MX host " + h.host() + " has no A or AAAA record: mail for it cannot be delivered"));
                }
                continue;
            }
            resolved++;
            if (h.hasIpv6()) {
                withV6++;
            }
        }
        if (resolved > 0) {
            if (withV6 == resolved) {
                f.add(Finding.of(MxCode.MX_IPV6_ALL, PASS, "all " + resolved + " MX hosts have IPv6 (AAAA)"));
            } else if (withV6 > 0) {
                f.add(Finding.of(
                        MxCode.MX_IPV6_PARTIAL,
                        WARN,
                        withV6 + " of " + resolved + " MX hosts have IPv6 (AAAA); IPv6-only senders reach only those"));
            } else {
                f.add(Finding.of(
                        MxCode.MX_IPV6_NONE,
                        WARN,
                        "none of the " + resolved + " MX hosts has IPv6 (AAAA); IPv6-only senders cannot deliver"));
            }
        }
        if (!problem && resolved > 0) {
            f.add(Finding.of(
                    MxCode.MX_OK,
                    PASS,
                    resolved
                            + (resolved == 1 ? " MX host resolves: " : " MX hosts resolve: ")
                            + String.join(
                                    ", ",
                                    mx.hosts().stream()
                                            .map(MailDiscovery.Host::host)
                                            .toList())));
        }
        if (!mx.notResolved().isEmpty()) {
            f.add(Finding.of(
                    MxCode.MX_TOO_MANY,
                    WARN,
                    (mx.hosts().size() + mx.notResolved().size())
                            + " MX hosts; only the first " + MailDiscovery.MAX_HOSTS_PER_SERVICE + " are checked, not: "
                            + String.join(", ", mx.notResolved())));
        }
    }

    private static String failure(MailDiscovery.Host h) {
        return h.ipv4()
                .filter(a -> a.isFailure())
                .or(() -> h.ipv6().filter(a -> a.isFailure()))
                .map(DnsWords::reason)
                .orElse("unknown");
    }

    private static String addresses(MailDiscovery.Host h) {
        return String.join(", ", h.addresses().stream().map(AddressText::of).toList());
    }

    static List<Map<String, Object>> describe(MailDiscovery.MxSet mx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MailDiscovery.Host h : mx.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("preference", h.preference());
            m.put("host", h.host());
            m.put("addresses", h.addresses().stream().map(AddressText::of).toList());
            m.put("cname", h.cname());
            out.add(m);
        }
        return out;
    }
}
