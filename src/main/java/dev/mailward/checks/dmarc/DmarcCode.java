package dev.mailward.checks.dmarc;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/**
 * Finding codes of the {@code dmarc} check (CHECKS.md "dmarc"; RFC 9989, which obsoletes RFC 7489).
 * Every code informs the {@code layered-auth} mitigation: DMARC enforcement is what makes SPF and
 * DKIM protect the visible From domain.
 */
public enum DmarcCode implements FindingCode {
    DMARC_DNS_ERROR("DMARC policy could not be determined (DNS failure)"),
    DMARC_MISSING("No DMARC record for the domain or any parent"),
    DMARC_INHERITED("DMARC policy inherited from a parent domain"),
    DMARC_MULTIPLE_RECORDS("Several DMARC records at _dmarc"),
    DMARC_LEADING_WHITESPACE("DMARC record starts with whitespace"),
    DMARC_SPF_AT_DMARC("SPF record published at _dmarc"),
    DMARC_INVALID_RECORD("DMARC record is not valid"),
    DMARC_DUPLICATE_TAG("DMARC tag given more than once"),
    DMARC_INVALID_VALUE("DMARC tag with an invalid value"),
    DMARC_TAG_ORDER("p tag does not directly follow v (RFC 7489 receivers reject the record)"),
    DMARC_POLICY_REJECT("DMARC policy reject"),
    DMARC_POLICY_QUARANTINE("DMARC policy quarantine"),
    DMARC_UNENFORCED("DMARC policy not enforced (none or missing)"),
    DMARC_TESTING_MODE("DMARC testing mode t=y weakens the policy one level"),
    DMARC_SUBDOMAIN_UNENFORCED("Subdomain or non-existent-domain policy not enforced"),
    DMARC_OBSOLETE_TAG("Tag removed by RFC 9989 (pct, rf, ri)"),
    DMARC_REPORT_URI_UNSUPPORTED("Report URI is neither mailto: nor https:"),
    DMARC_REPORT_NOT_AUTHORISED("External report destination has not authorised the reports"),
    DMARC_NO_RUA("No aggregate report destination (rua)"),
    DMARC_TOO_MANY_RUA("More than two aggregate report destinations"),
    DMARC_NON_SENDING_NOT_REJECT("Domain that sends no mail without p=reject and sp=reject"),
    DMARC_ORG_DOMAIN_DISAGREE("Organisational domain differs between the DNS tree walk and the Public Suffix List");

    private final String title;

    DmarcCode(String title) {
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return Mitigation.LAYERED_AUTH;
    }

    @Override
    public String title() {
        return title;
    }
}
