package dev.mailward.results;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsEvidence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Decides whether a new result differs from the stored one, and how. Pure functions. */
final class ChangeDetector {

    private ChangeDetector() {}

    /** What is compared of a result. */
    record Observed(Status status, List<String> codes, String dnsHash) {}

    /** The direction of the change from {@code before} to {@code after}; empty when nothing changed. */
    static Optional<ChangeDirection> compare(Observed before, Observed after) {
        if (after.status().severity() > before.status().severity()) {
            return Optional.of(ChangeDirection.WORSE);
        }
        if (after.status().severity() < before.status().severity()) {
            return Optional.of(ChangeDirection.BETTER);
        }
        if (!new TreeSet<>(before.codes()).equals(new TreeSet<>(after.codes()))
                || !before.dnsHash().equals(after.dnsHash())) {
            return Optional.of(ChangeDirection.CHANGED);
        }
        return Optional.empty();
    }

    /** The finding codes with their status, e.g. {@code SPF_TOO_MANY_LOOKUPS:FAIL}, sorted. */
    static List<String> codes(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.code() + ":" + f.status().name())
                .sorted()
                .toList();
    }

    /**
     * SHA-256 over the DNS data a check saw: question, outcome and each record's name, type and data,
     * sorted. TTLs, servers and timings are left out: a recursive resolver counts TTLs down, and
     * that is no change of the zone.
     */
    static String dnsHash(List<DnsEvidence> answers) {
        List<String> lines = new ArrayList<>();
        for (DnsEvidence a : answers) {
            StringBuilder sb = new StringBuilder();
            sb.append(a.name().toLowerCase(java.util.Locale.ROOT))
                    .append(' ')
                    .append(a.type())
                    .append(' ')
                    .append(a.outcome())
                    .append(' ')
                    .append(a.dnssec());
            List<String> rrs = new ArrayList<>();
            for (DnsEvidence.Rr rr : a.records()) {
                rrs.add(rr.name().toLowerCase(java.util.Locale.ROOT) + " " + rr.type() + " " + rr.data());
            }
            rrs.sort(null);
            sb.append(' ').append(String.join("|", rrs));
            lines.add(sb.toString());
        }
        lines.sort(null);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
