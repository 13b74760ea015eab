package dev.mailward.configaudit;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a {@link ConfigAudit} result with what the probes saw and reports contradictions
 * ("the configuration says X, the server does Y"): usually the uploaded configuration is not the
 * one running, or something in front of the server (a proxy, a second MTA) answers instead. Pure.
 */
public final class ConfigCorrelation {

    private ConfigCorrelation() {}

    /** The contradiction findings; empty when nothing contradicts or nothing was observed. */
    public static List<Finding> correlate(CheckResult audit, Observations seen) {
        Map<String, Object> facts = facts(audit);
        List<Finding> out = new ArrayList<>();
        if (facts.isEmpty()) {
            return out;
        }
        Object restricted = facts.get("relayRestricted");
        seen.relayAccepted().ifPresent(accepted -> {
            if (accepted && Boolean.TRUE.equals(restricted)) {
                out.add(
                        Finding.of(
                                ConfigCode.CORRELATION_RELAY,
                                Status.FAIL,
                                "the configuration restricts relaying"
                                        + " but the server accepted a relay recipient: the running configuration differs from the upload"));
            } else if (!accepted && Boolean.FALSE.equals(restricted)) {
                out.add(
                        Finding.of(
                                ConfigCode.CORRELATION_RELAY,
                                Status.WARN,
                                "the configuration is an open relay"
                                        + " but the server refused the relay recipient: the upload may be stale or filtered upstream"));
            }
        });
        String banner = string(facts.get("banner"));
        seen.banner().ifPresent(b -> {
            String seenText = b.replaceFirst("^220[ -]", "").strip();
            if (!banner.isEmpty() && !banner.contains("$") && !seenText.equalsIgnoreCase(banner.strip())) {
                out.add(Finding.of(
                        ConfigCode.CORRELATION_BANNER,
                        Status.WARN,
                        "configured banner '" + banner + "' but the server greeted with '" + Lines.excerpt(seenText)
                                + "'"));
            }
        });
        seen.vrfyEnumerable().ifPresent(enumerable -> {
            if (enumerable && Boolean.TRUE.equals(facts.get("vrfyDisabled"))) {
                out.add(Finding.of(
                        ConfigCode.CORRELATION_VRFY,
                        Status.WARN,
                        "the configuration sets disable_vrfy_command = yes but the server answered VRFY for an"
                                + " existing mailbox otherwise than for a made-up one: the running configuration"
                                + " differs from the upload, or another server answers"));
            }
        });
        String host = string(facts.get("myhostname"));
        seen.ptrName().ifPresent(ptr -> {
            String p = ptr.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
            if (!host.isEmpty() && !host.contains("$") && !p.equals(host.toLowerCase(Locale.ROOT))) {
                out.add(Finding.of(
                        ConfigCode.CORRELATION_PTR,
                        Status.WARN,
                        "myhostname = " + host + " but the address's PTR name is " + p
                                + ": HELO and reverse DNS disagree"));
            }
        });
        if (!seen.tlsVersionsSeen().isEmpty() && facts.get("smtpd_tls_protocols") instanceof List<?> allowed) {
            Set<String> unexpected = new TreeSet<>();
            for (String v : seen.tlsVersionsSeen()) {
                if (allowed.stream().noneMatch(a -> a.toString().equalsIgnoreCase(v))) {
                    unexpected.add(v);
                }
            }
            if (!unexpected.isEmpty()) {
                out.add(Finding.of(
                        ConfigCode.CORRELATION_TLS_VERSIONS,
                        Status.FAIL,
                        "the server negotiated " + unexpected + " although smtpd_tls_protocols allows only "
                                + allowed));
            }
        }
        seen.domainDanePresent().ifPresent(dane -> {
            String dns = string(facts.get("smtpDnsSupportLevel"));
            String level = string(facts.get("smtpTlsSecurityLevel"));
            boolean outbound = dns.equalsIgnoreCase("dnssec")
                    && level.toLowerCase(Locale.ROOT).startsWith("dane");
            if (dane && facts.containsKey("smtpTlsSecurityLevel") && !outbound) {
                out.add(Finding.of(
                        ConfigCode.CORRELATION_DANE,
                        Status.WARN,
                        "the domain publishes DANE TLSA records"
                                + " but its MTA sends with smtp_dns_support_level = '" + dns
                                + "', smtp_tls_security_level = '"
                                + level + "': it does not verify DANE of others"));
            }
        });
        seen.openPorts().ifPresent(ports -> {
            if (facts.get("submissionPorts") instanceof List<?> configured && facts.containsKey("smtpPort25")) {
                Set<Integer> expected = new TreeSet<>();
                configured.forEach(p -> expected.add(((Number) p).intValue()));
                if (Boolean.TRUE.equals(facts.get("smtpPort25"))) {
                    expected.add(25);
                }
                Set<Integer> observed = new TreeSet<>(ports);
                observed.retainAll(Set.of(25, 465, 587));
                if (!observed.equals(expected)) {
                    out.add(Finding.of(
                            ConfigCode.CORRELATION_LISTENERS,
                            Status.WARN,
                            "master.cf defines listeners on " + expected + " but ports " + observed + " answered"));
                }
            }
        });
        seen.dkim().ifPresent(keys -> dkim(facts, keys, out));
        return out;
    }

    /**
     * Rspamd's selectors for the domain vs the keys in DNS. A domain named in
     * {@code dkim_signing.domain} is signed with its selectors for sure: a missing, revoked or
     * unusable key there is a FAIL (receivers see a broken signature). Otherwise Rspamd signs with
     * the module-wide selector only if a key file for the domain exists, so a key missing in DNS is
     * a WARN. Selectors from {@code selector_map} or Redis cannot be read from the upload: no finding.
     */
    private static void dkim(Map<String, Object> facts, Observations.DkimKeys keys, List<Finding> out) {
        if (!facts.containsKey("dkimSelector") || Boolean.TRUE.equals(facts.get("dkimSelectorsExternal"))) {
            return;
        }
        String domain = keys.domain().toLowerCase(Locale.ROOT);
        List<String> explicit =
                facts.get("dkimDomainSelectors") instanceof Map<?, ?> m && m.get(domain) instanceof List<?> l
                        ? l.stream().map(String::valueOf).toList()
                        : List.of();
        List<String> used =
                explicit.isEmpty() ? List.of(string(facts.get("dkimSelector")).toLowerCase(Locale.ROOT)) : explicit;
        Status status = explicit.isEmpty() ? Status.WARN : Status.FAIL;
        for (String sel : used) {
            Observations.KeyState state = keys.selectors().get(sel);
            if (state == null || state == Observations.KeyState.USABLE) {
                continue;
            }
            String what = switch (state) {
                case MISSING -> "has no key record";
                case REVOKED -> "has a revoked key (empty p=)";
                default -> "has no usable key (invalid, too weak or not for e-mail)";
            };
            out.add(Finding.of(
                    ConfigCode.CORRELATION_DKIM,
                    status,
                    "Rspamd signs " + domain + " with selector '"
                            + Lines.excerpt(sel) + "'"
                            + (explicit.isEmpty()
                                    ? " (dkim_signing.selector, when a key file exists)"
                                    : " (dkim_signing.domain)")
                            + " but " + Lines.excerpt(sel) + "._domainkey." + domain + " " + what
                            + ": receivers will fail the signature"));
        }
    }

    /** The audit result with the contradiction findings added (status re-derived). */
    public static CheckResult withCorrelation(CheckResult audit, Observations seen) {
        List<Finding> all = new ArrayList<>(audit.findings());
        all.addAll(correlate(audit, seen));
        return CheckResult.of(audit.check(), audit.target(), all, audit.evidence(), audit.checkedAt(), audit.elapsed());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> facts(CheckResult audit) {
        Object f = audit.evidence().details().get("facts");
        return f instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object o) {
        return o == null ? "" : o.toString();
    }
}
