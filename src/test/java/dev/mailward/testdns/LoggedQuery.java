package dev.mailward.testdns;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One query the {@link TestDnsServer} received (logged before any fault applies, so timed-out
 * queries are logged too).
 *
 * @param name the query name as sent (DNS names compare case-insensitively)
 * @param type the query type, e.g. {@link Type#TXT}
 * @param transport UDP or TCP
 * @param dnssecOk whether the DO bit was set in the query's OPT record
 */
public record LoggedQuery(Name name, int type, Transport transport, boolean dnssecOk) {

    /** How a query reached the server. */
    public enum Transport {
        UDP,
        TCP
    }

    /** True when this query was for {@code name} (absolute or not) and {@code type}. */
    public boolean is(String name, int type) {
        return this.type == type && this.name.equals(ZoneText.name(name));
    }

    @Override
    public String toString() {
        return name + " " + Type.string(type) + " " + transport + (dnssecOk ? " +DO" : "");
    }
}
