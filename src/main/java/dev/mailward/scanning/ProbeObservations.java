package dev.mailward.scanning;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.configaudit.Observations;
import dev.mailward.dns.DnsEvidence;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the probes of one domain scan saw of each mail server, as the configuration correlation's
 * {@link Observations}. Pure: it reads the results (their findings and evidence), never the
 * network, so the correlation judges exactly what the results show.
 *
 * <p>Per host name probed: the relay verdict and banner of its MX endpoint (found on port 25, or
 * the lab's MX port), the PTR name of the address probed, the TLS versions its MX endpoint
 * accepted (in Postfix's spelling, {@code TLSv1} for 1.0), whether the domain's MX hosts publish
 * DNSSEC-secure TLSA records, and, only when 25, 465 and 587 were all probed, which of them
 * answered (a port not probed is not a closed port).
 */
final class ProbeObservations {

    private static final Set<String> SMTP_PORTS = Set.of("25", "465", "587");
    /** DANE codes that mean secure TLSA records exist / are known to be absent (not bogus, not failed). */
    private static final Set<String> DANE_PRESENT = Set.of("DANE_MATCH", "DANE_NO_MATCH", "DANE_TA_NAME_MISMATCH",
            "DANE_NO_ROLLOVER", "DANE_NO_USABLE_RECORDS", "DANE_USAGE_PKIX_IGNORED", "DANE_RECORD_UNUSABLE",
            "DANE_STARTTLS_MISSING", "DANE_CHAIN_NOT_OBSERVED");
    private static final Set<String> DANE_ABSENT = Set.of("DANE_NOT_DEPLOYED", "DANE_TLSA_INSECURE");

    private ProbeObservations() {
    }

    /** An endpoint as the {@code endpoints} result lists it: target, source and protocol. */
    record Probed(String target, String host, String source, String protocol) {
        boolean isMx() {
            return source.equals("mx");
        }

        /** The SMTP port this endpoint stands for: 25 for an MX endpoint (labs probe another port). */
        Optional<String> smtpPort() {
            return switch (protocol) {
                case "SMTP" -> Optional.of(isMx() ? "25" : port());
                case "SUBMISSION", "SUBMISSIONS" -> Optional.of(port());
                default -> Optional.empty();
            };
        }

        private String port() {
            return target.substring(target.lastIndexOf(':') + 1);
        }
    }

    /** The observations per probed host name (lower case); hosts without an SMTP endpoint are left out. */
    static Map<String, Observations> byHost(List<CheckResult> results) {
        Map<String, CheckResult> byKey = new HashMap<>();
        results.forEach(r -> byKey.put(key(r.check(), r.target()), r));
        Optional<Boolean> dane = domainDane(results);
        Map<String, List<Probed>> hosts = new LinkedHashMap<>();
        for (Probed p : probed(results)) {
            hosts.computeIfAbsent(p.host(), h -> new java.util.ArrayList<>()).add(p);
        }
        Map<String, Observations> out = new LinkedHashMap<>();
        hosts.forEach((host, endpoints) -> {
            Observations o = Observations.none();
            boolean any = false;
            Set<String> probedPorts = new TreeSet<>();
            Set<Integer> answered = new TreeSet<>();
            for (Probed p : endpoints) {
                Optional<String> port = p.smtpPort();
                if (port.isEmpty()) {
                    continue;
                }
                any = true;
                probedPorts.add(port.get());
                CheckResult banner = byKey.get(key("banner", p.target()));
                if (banner != null && banner.evidence().details().containsKey("greetingDelayMillis")) {
                    answered.add(Integer.parseInt(port.get()));
                }
                if (!p.isMx()) {
                    continue;
                }
                CheckResult relay = byKey.get(key("open-relay", p.target()));
                if (relay != null && codes(relay).contains("SMTP_OPEN_RELAY")) {
                    o = o.withRelayAccepted(true);
                } else if (relay != null && codes(relay).contains("SMTP_RELAY_REFUSED")
                        && o.relayAccepted().isEmpty()) {
                    o = o.withRelayAccepted(false);
                }
                if (banner != null && o.banner().isEmpty()) {
                    Optional<String> greeting = greeting(banner.evidence());
                    if (greeting.isPresent()) {
                        o = o.withBanner(greeting.get());
                    }
                    Optional<String> ptr = ptrName(banner.evidence(), byKey);
                    if (ptr.isPresent()) {
                        o = o.withPtrName(ptr.get());
                    }
                }
                CheckResult versions = byKey.get(key("tls-versions", p.target()));
                Set<String> accepted = versions == null ? Set.of() : acceptedVersions(versions.evidence());
                if (!accepted.isEmpty()) {
                    Set<String> all = new TreeSet<>(o.tlsVersionsSeen());
                    all.addAll(accepted);
                    o = o.withTlsVersionsSeen(all);
                }
            }
            if (!any) {
                return;
            }
            if (probedPorts.containsAll(SMTP_PORTS)) {
                o = o.withOpenPorts(answered);
            }
            if (dane.isPresent()) {
                o = o.withDomainDanePresent(dane.get());
            }
            out.put(host, o);
        });
        return out;
    }

    /** DKIM codes of a key a verifier accepts. */
    private static final Set<String> DKIM_USABLE = Set.of("DKIM_KEY_RSA_STRONG", "DKIM_KEY_RSA_SHORT", "DKIM_KEY_ED25519");
    /** DKIM codes of a key record that exists but no verifier uses. */
    private static final Set<String> DKIM_UNUSABLE = Set.of("DKIM_KEY_RSA_WEAK", "DKIM_RECORD_INVALID",
            "DKIM_NOT_FOR_EMAIL");

    /**
     * The DKIM keys of {@code domain} as its {@code dkim} results show them (target
     * {@code <selector>._domainkey.<domain>}); a selector whose lookup failed is left out.
     */
    static Observations.DkimKeys dkimKeys(String domain, List<CheckResult> results) {
        String d = domain.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        String suffix = "._domainkey." + d;
        Map<String, Observations.KeyState> states = new LinkedHashMap<>();
        for (CheckResult r : results) {
            String target = r.target().toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
            if (!r.check().equals("dkim") || !target.endsWith(suffix) || target.length() == suffix.length()) {
                continue;
            }
            String selector = target.substring(0, target.length() - suffix.length());
            List<String> codes = codes(r);
            Observations.KeyState state;
            if (codes.contains("DKIM_DNS_ERROR")) {
                continue;
            } else if (codes.stream().anyMatch(DKIM_USABLE::contains)) {
                state = Observations.KeyState.USABLE;
            } else if (codes.contains("DKIM_KEY_REVOKED")) {
                state = Observations.KeyState.REVOKED;
            } else if (codes.stream().anyMatch(DKIM_UNUSABLE::contains)) {
                state = Observations.KeyState.UNUSABLE;
            } else if (codes.contains("DKIM_SELECTOR_MISSING")) {
                state = Observations.KeyState.MISSING;
            } else {
                continue;
            }
            states.put(selector, state);
        }
        return new Observations.DkimKeys(d, states);
    }

    /** The endpoints the domain's {@code endpoints} result lists ({@code target -> "source PROTOCOL"}). */
    static List<Probed> probed(List<CheckResult> results) {
        List<Probed> out = new java.util.ArrayList<>();
        for (CheckResult r : results) {
            if (!r.check().equals("endpoints") || !(r.evidence().details().get("endpoints") instanceof Map<?, ?> m)) {
                continue;
            }
            m.forEach((target, how) -> {
                String t = String.valueOf(target);
                String[] words = String.valueOf(how).split(" ");
                int colon = t.lastIndexOf(':');
                if (colon > 0 && words.length == 2) {
                    out.add(new Probed(t, t.substring(0, colon).toLowerCase(Locale.ROOT), words[0], words[1]));
                }
            });
        }
        return out;
    }

    private static Optional<Boolean> domainDane(List<CheckResult> results) {
        Optional<Boolean> seen = Optional.empty();
        for (CheckResult r : results) {
            if (!r.check().equals("dane")) {
                continue;
            }
            List<String> codes = codes(r);
            if (codes.stream().anyMatch(DANE_PRESENT::contains)) {
                return Optional.of(true);
            }
            if (codes.stream().anyMatch(DANE_ABSENT::contains)) {
                seen = Optional.of(false);
            }
        }
        return seen;
    }

    /** The first line the server sent (its greeting), as the transcript recorded it. */
    private static Optional<String> greeting(Evidence e) {
        return e.transcript().stream().filter(l -> l.direction().equals("S")).map(Evidence.TranscriptLine::text)
                .filter(t -> t.startsWith("220")).findFirst();
    }

    /** The PTR name of the address the MX endpoint was probed at, from the ptr result of that address. */
    private static Optional<String> ptrName(Evidence banner, Map<String, CheckResult> byKey) {
        if (!(banner.details().get("address") instanceof String address)) {
            return Optional.empty();
        }
        CheckResult ptr = byKey.get(key("ptr", address));
        if (ptr == null) {
            return Optional.empty();
        }
        for (DnsEvidence a : ptr.evidence().dns()) {
            for (DnsEvidence.Rr rr : a.records()) {
                if (rr.type().equals("PTR")) {
                    String n = rr.data().toLowerCase(Locale.ROOT);
                    return Optional.of(n.endsWith(".") ? n.substring(0, n.length() - 1) : n);
                }
            }
        }
        return Optional.empty();
    }

    /** TLS versions accepted, in Postfix's names ({@code TLSv1} is TLS 1.0). */
    private static Set<String> acceptedVersions(Evidence e) {
        Set<String> out = new TreeSet<>();
        if (e.details().get("versions") instanceof Map<?, ?> versions) {
            versions.forEach((label, outcome) -> {
                if (String.valueOf(outcome).startsWith("ACCEPTED")) {
                    String l = String.valueOf(label);
                    out.add(l.equals("TLSv1.0") ? "TLSv1" : l);
                }
            });
        }
        return out;
    }

    private static List<String> codes(CheckResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    /** The key of a result by check id and target. */
    private static String key(String check, String target) {
        return check + "\u0000" + target;
    }
}
