package dev.mailward.checks.tls;

/**
 * What sending MTAs require of an MX's certificate on port 25 for one domain. Without DANE or
 * MTA-STS they encrypt opportunistically and check neither name nor chain (RFC 7435); MTA-STS
 * enforce makes them validate name and chain against public CAs (RFC 8461 §4.2); DANE makes them
 * match the TLSA records instead, with the name checked only under DANE-TA (RFC 7672 §3.2).
 * Other ports are validated by their clients whatever this says.
 *
 * @param mtaStsEnforce the domain's MTA-STS policy is in enforce mode and covers this MX
 * @param dane the MX publishes DNSSEC-secure TLSA records with a usage SMTP uses (2 or 3)
 * @param daneTa among them a DANE-TA record (usage 2), which makes the name binding
 */
public record RelayTlsPolicy(boolean mtaStsEnforce, boolean dane, boolean daneTa) {

    /** Opportunistic TLS: neither MTA-STS enforce nor DANE (and every non-MX endpoint). */
    public static final RelayTlsPolicy OPPORTUNISTIC = new RelayTlsPolicy(false, false, false);

    public RelayTlsPolicy {
        if (daneTa && !dane) {
            throw new IllegalArgumentException("a DANE-TA record is a DANE record");
        }
    }

    /** Whether senders check the certificate's name: MTA-STS enforce or DANE-TA. */
    public boolean nameBinding() {
        return mtaStsEnforce || daneTa;
    }

    /** Whether senders require a chain to a public CA (PKIX): MTA-STS enforce. */
    public boolean pkixRequired() {
        return mtaStsEnforce;
    }
}
