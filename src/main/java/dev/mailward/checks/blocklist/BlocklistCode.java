package dev.mailward.checks.blocklist;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the blocklist check (CHECKS.md "blocklist"). */
public enum BlocklistCode implements FindingCode {
    BLOCKLIST_NOT_LISTED("The address is on none of the queried blocklists"),
    BLOCKLIST_LISTED("The address is listed on a blocklist"),
    BLOCKLIST_QUERY_REFUSED("A blocklist refused the query"),
    BLOCKLIST_LOOKUP_FAILED("A blocklist lookup failed"),
    BLOCKLIST_DISABLED("Blocklist checks are not enabled");

    private final String title;

    BlocklistCode(String title) {
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
