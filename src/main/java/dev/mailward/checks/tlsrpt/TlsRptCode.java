package dev.mailward.checks.tlsrpt;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the {@code tls-rpt} check (RFC 8460). All inform the {@code tls} mitigation. */
public enum TlsRptCode implements FindingCode {
    TLSRPT_VALID("TLS-RPT record valid"),
    TLSRPT_RECORD_INVALID("TLS-RPT record does not parse"),
    TLSRPT_MULTIPLE_RECORDS("Several TLS-RPT records"),
    TLSRPT_MISSING("No TLS-RPT record although MTA-STS or DANE is deployed"),
    TLSRPT_NOT_DEPLOYED("No TLS-RPT record, and neither MTA-STS nor DANE to report on"),
    TLSRPT_NULL_MX("Domain accepts no mail (null MX): TLS-RPT does not apply"),
    TLSRPT_DNS_ERROR("DNS lookup for TLS-RPT failed");

    private final String title;

    TlsRptCode(String title) {
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
