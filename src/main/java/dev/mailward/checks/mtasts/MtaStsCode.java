package dev.mailward.checks.mtasts;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the {@code mta-sts} check (RFC 8461). All inform the {@code tls} mitigation. */
public enum MtaStsCode implements FindingCode {
    MTASTS_NOT_DEPLOYED("No MTA-STS record"),
    MTASTS_NULL_MX("Domain accepts no mail (null MX)"),
    MTASTS_NO_MAIL("Domain has no MX record and sends no mail (SPF -all alone)"),
    MTASTS_RECORD_MULTIPLE("Several MTA-STS records"),
    MTASTS_RECORD_INVALID("MTA-STS record does not parse"),
    MTASTS_POLICY_UNAVAILABLE("MTA-STS policy cannot be fetched"),
    MTASTS_POLICY_FETCH_ERROR("MTA-STS policy fetch could not be completed"),
    MTASTS_POLICY_CONTENT_TYPE("MTA-STS policy not served as text/plain"),
    MTASTS_POLICY_INVALID("MTA-STS policy does not parse"),
    MTASTS_MODE_ENFORCE("MTA-STS policy in enforce mode"),
    MTASTS_MODE_TESTING("MTA-STS policy in testing mode"),
    MTASTS_MODE_NONE("MTA-STS policy withdrawn (mode none)"),
    MTASTS_MAX_AGE_OUT_OF_RANGE("MTA-STS max_age outside 1 day to 1 year"),
    MTASTS_MX_NOT_COVERED("MX host not matched by the MTA-STS policy"),
    MTASTS_MX_COVERED("Every MX host matched by the MTA-STS policy"),
    MTASTS_DNS_ERROR("DNS lookup for MTA-STS failed");

    private final String title;

    MtaStsCode(String title) {
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return Mitigation.TLS;
    }

    @Override
    public String title() {
        return title;
    }
}
