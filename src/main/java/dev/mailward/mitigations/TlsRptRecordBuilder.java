package dev.mailward.mitigations;

import java.util.List;

/** Builds the TLS-RPT record (RFC 8460 §3) {@code _smtp._tls.<domain> TXT "v=TLSRPTv1; rua=..."}. Pure. */
public final class TlsRptRecordBuilder {

    private static final int MAX_DESTINATIONS = 5;

    private TlsRptRecordBuilder() {}

    /**
     * @param destinations {@code mailto:} or {@code https:} URIs; a bare address becomes {@code mailto:}
     * @throws IllegalArgumentException naming the value when the domain or a destination is invalid
     */
    public static GeneratedFix build(String domain, List<String> destinations) {
        String d = DnsText.name("domain", domain);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("TLS-RPT needs at least one report destination");
        }
        if (destinations.size() > MAX_DESTINATIONS) {
            throw new IllegalArgumentException(
                    destinations.size() + " report destinations; at most " + MAX_DESTINATIONS);
        }
        List<String> uris = destinations.stream()
                .map(u -> EmailAddresses.reportUri("rua", u))
                .distinct()
                .toList();
        String record = "v=TLSRPTv1; rua=" + String.join(",", uris);
        return new GeneratedFix(
                "TLS-RPT record for " + d,
                "dns",
                DnsText.zoneLine("_smtp._tls." + d, "TXT", DnsText.txt(record)),
                "Senders that support MTA-STS or DANE send a daily JSON report of TLS successes and failures to "
                        + String.join(", ", uris) + ". Reports arrive gzip-compressed; a dedicated mailbox helps.");
    }
}
