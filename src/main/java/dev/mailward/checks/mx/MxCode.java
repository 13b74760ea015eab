package dev.mailward.checks.mx;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the mx check (CHECKS.md "mx"). */
public enum MxCode implements FindingCode {
    MX_OK("MX set resolves to reachable hosts"),
    MX_NULL("Null MX: the domain accepts no mail (RFC 7505)"),
    MX_NULL_WITH_OTHERS("Null MX published beside other MX records"),
    MX_NONE_IMPLICIT("No MX record; mail goes to the domain's own address"),
    MX_NONE("No MX record and no address: the domain cannot receive mail"),
    MX_DOMAIN_NOT_FOUND("The domain does not exist"),
    MX_LOOKUP_FAILED("The MX lookup failed"),
    MX_TARGET_NO_ADDRESS("An MX host has no A or AAAA record"),
    MX_TARGET_LOOKUP_FAILED("An MX host's address lookup failed"),
    MX_TARGET_CNAME("An MX host is an alias (CNAME)"),
    MX_TARGET_IP_LITERAL("An MX target is written as an IP address"),
    MX_IPV6_ALL("Every MX host has IPv6"),
    MX_IPV6_PARTIAL("Only some MX hosts have IPv6"),
    MX_IPV6_NONE("No MX host has IPv6"),
    MX_TOO_MANY("More MX hosts than are probed");

    private final String title;

    MxCode(String title) {
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return Mitigation.REPUTATION;
    }

    @Override
    public String title() {
        return title;
    }
}
