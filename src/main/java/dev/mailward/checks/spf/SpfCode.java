package dev.mailward.checks.spf;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the {@code spf} check (CHECKS.md "spf", RFC 7208). All inform {@code spf-dkim}. */
public enum SpfCode implements FindingCode {
    SPF_NO_RECORD("No v=spf1 TXT record"),
    SPF_MULTIPLE_RECORDS("More than one v=spf1 record (permerror)"),
    SPF_SYNTAX_ERROR("SPF record does not parse (permerror)"),
    SPF_TOO_MANY_LOOKUPS("More than 10 DNS-querying SPF terms (permerror)"),
    SPF_LOOKUPS_NEAR_LIMIT("8 or more DNS-querying SPF terms (little headroom)"),
    SPF_LOOKUPS_OK("DNS-querying SPF terms within the limit"),
    SPF_TOO_MANY_VOID_LOOKUPS("More than 2 void SPF lookups (permerror)"),
    SPF_TOO_MANY_MX_NAMES("An mx term names more than 10 MX hosts (permerror)"),
    SPF_PERMERROR("SPF evaluation ends in permerror"),
    SPF_PERMISSIVE_ALL("SPF policy passes everyone (+all or ?all)"),
    SPF_NO_ALL("SPF record has neither all nor redirect"),
    SPF_ALL_ENFORCED("SPF policy ends in -all (fail)"),
    SPF_ALL_SOFTFAIL("SPF policy ends in ~all (softfail)"),
    SPF_PTR_USED("SPF record uses ptr (RFC 7208 §5.5: SHOULD NOT)"),
    SPF_TARGET_WITHOUT_SPF("include or redirect target has no SPF record (permerror)"),
    SPF_INCLUDE_LOOP("SPF include/redirect loop (permerror)"),
    SPF_STRING_TOO_LONG("TXT character-string longer than 255 octets"),
    SPF_RECORD_TOO_LONG("SPF record longer than 450 octets"),
    SPF_DNS_ERROR("SPF could not be evaluated: DNS error"),
    SPF_MX_NOT_AUTHORISED("An MX address is not authorised by the SPF policy"),
    SPF_MX_AUTHORISED("The MX addresses are authorised by the SPF policy");

    private final String title;

    SpfCode(String title) {
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return Mitigation.SPF_DKIM;
    }

    @Override
    public String title() {
        return title;
    }
}
