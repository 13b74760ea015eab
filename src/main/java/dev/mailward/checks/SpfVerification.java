package dev.mailward.checks;

import dev.mailward.checks.spf.SpfRecordVerifier;
import dev.mailward.dns.DnsSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates an SPF record that is not published yet, as a receiver would if it were (RFC 7208
 * {@code check_host()} with the limits of §4.6.4), so that a proposed record is checked before anyone
 * is told to publish it: its DNS-querying terms over the whole tree, and the result for each sender
 * address that must stay authorised. The record stands in for the domain's TXT records; every other
 * question is answered by the DNS given ({@link KnownDns} for what was observed, or a live session).
 */
public final class SpfVerification {

    private SpfVerification() {}

    /**
     * DNS data known from observations. A name not listed answers "not observed" (a temperror for
     * the evaluation, an incomplete count for the lookups), never a guess.
     *
     * @param txt TXT records by name (lower case, no trailing dot), each record as its text
     * @param mx MX hosts by name, in preference order
     * @param addresses A and AAAA addresses by host name
     */
    public record KnownDns(
            Map<String, List<String>> txt, Map<String, List<String>> mx, Map<String, List<String>> addresses) {
        public KnownDns {
            txt = normalised(txt);
            mx = normalised(mx);
            addresses = normalised(addresses);
        }

        private static Map<String, List<String>> normalised(Map<String, List<String>> in) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            in.forEach((k, v) -> out.put(name(k), List.copyOf(v)));
            return Map.copyOf(out);
        }

        /** A name as the maps key it: lower case, without the trailing dot. */
        public static String name(String raw) {
            String n = raw.strip().toLowerCase(Locale.ROOT);
            return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
        }
    }

    /**
     * What evaluating the record gave.
     *
     * @param lookups DNS-querying terms over the whole tree (include, a, mx, ptr, exists, redirect)
     * @param lookupsComplete false when part of the tree could not be followed (its count is a lower bound)
     * @param probeResult the result for 192.0.2.1 (TEST-NET-1), which walks every term: {@code fail},
     *     {@code softfail}, {@code neutral} for a sound record, {@code permerror} over a limit
     * @param senders the result ({@code pass}, {@code fail}, ...) per sender address asked about, in order
     * @param problems what the analysis of the record found wrong (syntax, loops, DNS it could not follow)
     */
    public record Outcome(
            int lookups,
            boolean lookupsComplete,
            String probeResult,
            Map<String, String> senders,
            List<String> problems) {
        public Outcome {
            Objects.requireNonNull(probeResult, "probeResult");
            senders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(senders));
            problems = List.copyOf(problems);
        }

        /** True when the lookups are fully counted and within the limit of 10. */
        public boolean withinLookupLimit() {
            return lookupsComplete && lookups <= 10 && !probeResult.equals("permerror");
        }

        /** The senders that do not pass. */
        public List<String> notAuthorised() {
            return senders.entrySet().stream()
                    .filter(e -> !e.getValue().equals("pass"))
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    /**
     * Evaluates {@code record} as the policy of {@code domain} over DNS data known from observations.
     * Pure: no network, no clock.
     *
     * @param senders IP addresses (no prefix length) that must pass
     */
    public static Outcome verify(String domain, String record, KnownDns dns, List<String> senders) {
        return SpfRecordVerifier.verify(domain, record, dns, senders);
    }

    /**
     * Evaluates {@code record} as the policy of {@code domain}, asking {@code session} every other
     * question (include targets, MX and address records).
     */
    public static Outcome verify(String domain, String record, DnsSession session, List<String> senders) {
        return SpfRecordVerifier.verify(domain, record, session, senders);
    }
}
