package dev.mailward.dns;

import java.net.Inet6Address;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One DNS answer as evidence: what was asked, what came back, from where, with which DNSSEC
 * status. Every field is plain data so that it serialises to JSON as is.
 */
public record DnsEvidence(
        String name,
        String type,
        String outcome,
        List<Rr> records,
        String dnssec,
        String dnssecReason,
        String server,
        boolean tcp,
        boolean fromCache,
        long elapsedMillis,
        String error) {

    /** One resource record in presentation format. */
    public record Rr(String name, String type, long ttl, String data) {
        static Rr of(Record r) {
            return new Rr(r.getName().toString(), Type.string(r.getType()), r.getTTL(), data(r));
        }

        /** Presentation format, with an IPv6 address as {@link AddressText} writes it ({@code 2001:db8::25}). */
        private static String data(Record r) {
            if (r instanceof AAAARecord aaaa && aaaa.getAddress() instanceof Inet6Address v6) {
                return AddressText.of(v6);
            }
            return r.rdataToString();
        }
    }
}
