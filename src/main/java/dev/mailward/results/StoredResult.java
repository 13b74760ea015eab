package dev.mailward.results;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stored result of one check id on one target (CHECKS.md "Results").
 *
 * @param id the history row
 * @param runId the engine run it came from
 * @param domainId the domain
 * @param check check id, e.g. {@code spf}
 * @param target what was checked
 * @param status worst status of the findings
 * @param findings the findings, most severe first
 * @param evidence the evidence in the "Results" JSON structure ({@code dns}, {@code http},
 *     {@code transcript}, {@code certificates}, then family details such as {@code spfTree})
 * @param checkedAt when the check started (UTC)
 * @param elapsed how long it took
 */
public record StoredResult(
        long id,
        long runId,
        long domainId,
        String check,
        String target,
        Status status,
        List<Finding> findings,
        Map<String, Object> evidence,
        Instant checkedAt,
        Duration elapsed) {

    public StoredResult {
        findings = List.copyOf(findings);
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }

    /** Whether the DNSSEC failure of the domain kept this check from running ({@code DnssecOutage#blocked}). */
    public boolean blockedByDnssec() {
        return dev.mailward.checks.DnssecOutage.blocked(findings);
    }

    /** The DNS answers of the evidence, each a map of {@code DnsEvidence}'s fields. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> dnsAnswers() {
        return evidence.get("dns") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** The HTTP exchanges of the evidence. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> httpExchanges() {
        return evidence.get("http") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** The session transcript of the evidence. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> transcript() {
        return evidence.get("transcript") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** The certificates of the evidence, leaf first (subject, issuer, validity, key, SHA-256, PEM). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> certificates() {
        return evidence.get("certificates") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** Everything else: the family's details (SPF tree, DMARC tags, TLS versions, ...). */
    public Map<String, Object> details() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(evidence);
        m.remove("dns");
        m.remove("http");
        m.remove("transcript");
        m.remove("certificates");
        return m;
    }

    /**
     * Whole days from {@code now} until a certificate's {@code notAfter} (negative once expired);
     * empty when the value is not an instant.
     */
    public static java.util.Optional<Long> daysLeft(Object notAfter, Instant now) {
        try {
            return java.util.Optional.of(Duration.between(now, Instant.parse(String.valueOf(notAfter)))
                    .toDays());
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }
}
