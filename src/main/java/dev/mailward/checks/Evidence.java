package dev.mailward.checks;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsEvidence;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check saw: every DNS answer it used, every HTTP exchange, session transcripts,
 * certificates, and family-specific structures (the SPF tree, the parsed DMARC tags). Plain data,
 * serialised as JSON ({@code jsonb} in the database); everything from outside is rendered escaped.
 *
 * @param dns the DNS answers used, in order
 * @param http the HTTP exchanges (e.g. the MTA-STS policy fetch)
 * @param transcript lines of a network session (SMTP/IMAP/POP3/Sieve/TLS events)
 * @param certificates certificates seen (subject, issuer, validity, key, PEM, SHA-256)
 * @param details family-specific data, e.g. {@code "spfTree"}
 */
public record Evidence(
        List<DnsEvidence> dns,
        List<HttpExchange> http,
        List<TranscriptLine> transcript,
        List<Map<String, Object>> certificates,
        Map<String, Object> details) {

    public Evidence {
        dns = List.copyOf(dns);
        http = List.copyOf(http);
        transcript = List.copyOf(transcript);
        certificates = List.copyOf(certificates);
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Evidence empty() {
        return new Evidence(List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    /** Evidence made of DNS answers only. */
    public static Evidence ofDns(List<DnsAnswer> answers) {
        return builder().dns(answers).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The answers as {@link Builder#dns} lists them: in order, without an answer handed out twice
     * or a cached repeat of one. An observation keeps its answers in this form, so that its
     * evidence comes out the same when it is judged again after a round trip through
     * {@link ObservationJson}, which keeps the answers but not which of them were one object.
     */
    public static List<DnsAnswer> distinct(List<DnsAnswer> answers) {
        Builder b = new Builder();
        List<DnsAnswer> out = new ArrayList<>(answers.size());
        for (DnsAnswer a : answers) {
            if (b.add(a)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /**
     * One HTTP exchange.
     *
     * @param url the URL fetched
     * @param address the IP address connected to, or null when no connection was made
     * @param status the HTTP status, or 0 when none was received
     * @param headers response headers as received (name: value lines)
     * @param bodyExcerpt the first bytes of the body (at most a few KiB), decoded as UTF-8
     * @param error why the exchange failed, or null
     */
    public record HttpExchange(
            String url, String address, int status, List<String> headers, String bodyExcerpt, String error) {}

    /**
     * One line of a session transcript.
     *
     * @param atMillis milliseconds since the session started
     * @param direction {@code "C"} client to server, {@code "S"} server to client, {@code "*"} event
     * @param text the line (control characters escaped)
     */
    public record TranscriptLine(long atMillis, String direction, String text) {}

    /** Collects evidence while a check runs. */
    public static final class Builder {
        private final List<DnsEvidence> dns = new ArrayList<>();
        /**
         * The answers behind {@link #dns} by their record list: a cached answer hands out the
         * very list it was cached with, so a repeat is found by identity, without comparing records.
         */
        private final Map<List<?>, List<DnsAnswer>> added = new IdentityHashMap<>(8);

        private final List<HttpExchange> http = new ArrayList<>();
        private final List<TranscriptLine> transcript = new ArrayList<>();
        private final List<Map<String, Object>> certificates = new ArrayList<>();
        private final Map<String, Object> details = new LinkedHashMap<>();

        /**
         * Adds the answers in order, except one already added and an answer served from the cache
         * that repeats one (same question, outcome and the very same records): a check that asks
         * the same question twice, as the SPF evaluator and policy walk do for every include,
         * used one answer, and the evidence lists it once (with where it really came from).
         */
        public Builder dns(List<DnsAnswer> answers) {
            for (DnsAnswer a : answers) {
                if (add(a)) {
                    dns.add(a.toEvidence());
                }
            }
            return this;
        }

        /** Remembers {@code a} unless it repeats an answer added before; true when it was new. */
        private boolean add(DnsAnswer a) {
            if (repeats(a)) {
                return false;
            }
            added.computeIfAbsent(a.records(), k -> new ArrayList<>(1)).add(a);
            return true;
        }

        private boolean repeats(DnsAnswer a) {
            for (DnsAnswer prev : added.getOrDefault(a.records(), List.of())) {
                if (prev == a) {
                    return true; // the very same answer handed out twice (e.g. to a coalesced question)
                }
                if (a.fromCache()
                        && prev.outcome() == a.outcome()
                        && prev.dnssec() == a.dnssec()
                        && prev.name().equals(a.name())
                        && prev.type().equals(a.type())
                        && prev.dnssecReason().equals(a.dnssecReason())
                        && prev.error().equals(a.error())) {
                    return true;
                }
            }
            return false;
        }

        public Builder http(HttpExchange exchange) {
            http.add(exchange);
            return this;
        }

        public Builder transcript(List<TranscriptLine> lines) {
            transcript.addAll(lines);
            return this;
        }

        public Builder certificate(Map<String, Object> certificate) {
            certificates.add(certificate);
            return this;
        }

        public Builder detail(String key, Object value) {
            details.put(key, value);
            return this;
        }

        public Evidence build() {
            return new Evidence(dns, http, transcript, certificates, details);
        }
    }
}
