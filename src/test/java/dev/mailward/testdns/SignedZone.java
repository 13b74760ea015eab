package dev.mailward.testdns;

import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A zone ready to serve, as made by {@link TestZoneSigner}: all records including DNSKEY, RRSIG
 * and NSEC when signed. An unsigned zone (for insecure delegations) has no keys and no DS.
 *
 * @param origin the zone apex
 * @param records every record of the zone, signatures included
 * @param dnskeys the zone's DNSKEY records (empty when unsigned)
 * @param ds the DS records the parent publishes for this zone (empty when unsigned)
 */
public record SignedZone(Name origin, List<Record> records, List<DNSKEYRecord> dnskeys, List<DSRecord> ds) {

    public SignedZone {
        records = List.copyOf(records);
        dnskeys = List.copyOf(dnskeys);
        ds = List.copyOf(ds);
    }

    public boolean signed() {
        return !dnskeys.isEmpty();
    }

    /** The zone in master format, one record per line (loadable with {@code TestDnsServer.addZone}). */
    public String text() {
        return records.stream().map(Record::toString).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The DS records as master-format text, e.g. to use this zone's key as a trust anchor. */
    public String dsText() {
        return ds.stream().map(Record::toString).collect(Collectors.joining("\n", "", "\n"));
    }
}
