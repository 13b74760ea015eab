package dev.mailward.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * The answer to one question, as the checks see it and as it is kept as evidence.
 *
 * @param name the queried name (absolute, lower case, with trailing dot)
 * @param type the queried type, e.g. {@code "TXT"}
 * @param outcome how the query ended
 * @param records the records of the asked type, owner names as in the response (after following a
 *     CNAME chain); empty unless {@code outcome == OK}
 * @param cnameChain the CNAME records followed to reach {@code records}, in order
 * @param dnssec DNSSEC status of this answer (for NXDOMAIN/NODATA: of the denial)
 * @param dnssecReason the validator's reason for BOGUS or INDETERMINATE, if any
 * @param server the server that answered, {@code host:port}, or the cache
 * @param tcp whether the answer came over TCP (e.g. after a truncated UDP reply)
 * @param fromCache whether the answer came from the local cache
 * @param elapsed time spent on the wire (zero from cache)
 * @param error a human-readable reason for non-answers (timeout after 3 tries, budget of 40
 *     queries spent, CNAME chain longer than 8, ...), empty otherwise
 */
public record DnsAnswer(
        String name,
        String type,
        DnsOutcome outcome,
        List<Record> records,
        List<Record> cnameChain,
        DnssecStatus dnssec,
        Optional<String> dnssecReason,
        String server,
        boolean tcp,
        boolean fromCache,
        Duration elapsed,
        Optional<String> error) {

    public DnsAnswer {
        records = List.copyOf(records);
        cnameChain = List.copyOf(cnameChain);
    }

    /** True when the query failed in a way that says nothing about the data (ERROR, never FAIL). */
    public boolean isFailure() {
        return !outcome.isAnswer();
    }

    /** Records of the given dnsjava class. */
    public <T extends Record> List<T> recordsOf(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Record r : records) {
            if (type.isInstance(r)) {
                out.add(type.cast(r));
            }
        }
        return out;
    }

    /**
     * The character-strings of every TXT record, each record's strings joined without separator as
     * RFC 7208 §3.3 and RFC 6376 §3.6.2.2 require. Strings are decoded as ISO-8859-1 so that every
     * octet survives.
     */
    public List<String> txtJoined() {
        List<String> out = new ArrayList<>();
        for (TXTRecord t : recordsOf(TXTRecord.class)) {
            StringBuilder sb = new StringBuilder();
            for (byte[] s : t.getStringsAsByteArrays()) {
                sb.append(new String(s, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * Addresses of A and AAAA records in the answer (unmodifiable). Made once per cached record
     * list, like {@link #toEvidence()}: a shared MX host's addresses are asked for by three checks
     * of every domain it serves, and dnsjava prints the owner name into each address it makes.
     */
    public List<InetAddress> addresses() {
        if (records.isEmpty()) {
            return List.of();
        }
        return memo(ADDRESSES, new RecordLists(List.of(), records), () -> {
            List<InetAddress> made = new ArrayList<>(records.size());
            for (Record r : records) {
                if (r instanceof ARecord a) {
                    made.add(a.getAddress());
                } else if (r instanceof AAAARecord a) {
                    made.add(a.getAddress());
                }
            }
            return List.copyOf(made);
        });
    }

    /** The evidence form of this answer: plain strings, safe to serialise and render (escaped). */
    public DnsEvidence toEvidence() {
        List<DnsEvidence.Rr> rrs;
        if (records.isEmpty() && cnameChain.isEmpty()) {
            rrs = List.of();
        } else {
            // A cached answer hands out the lists it was cached with, to every check of every
            // domain that asks (a shared SPF include: thousands of times in a bulk run), so their
            // presentation form is made once per list pair.
            rrs = memo(RENDERED, new RecordLists(cnameChain, records), () -> {
                List<DnsEvidence.Rr> made = new ArrayList<>(cnameChain.size() + records.size());
                for (Record r : cnameChain) {
                    made.add(DnsEvidence.Rr.of(r));
                }
                for (Record r : records) {
                    made.add(DnsEvidence.Rr.of(r));
                }
                return List.copyOf(made);
            });
        }
        return new DnsEvidence(
                name,
                type,
                outcome.name(),
                rrs,
                dnssec.name(),
                dnssecReason.orElse(null),
                server,
                tcp,
                fromCache,
                elapsed.toMillis(),
                error.orElse(null));
    }

    /** Presentation forms of record lists by identity; bounded, emptied when full. */
    private static final ConcurrentHashMap<RecordLists, List<DnsEvidence.Rr>> RENDERED = new ConcurrentHashMap<>();
    /** Addresses of record lists by identity; bounded alike ({@link #MEMO_MAX} each). */
    private static final ConcurrentHashMap<RecordLists, List<InetAddress>> ADDRESSES = new ConcurrentHashMap<>();

    private static final int MEMO_MAX = 16_384;

    /** The value remembered in {@code map} for {@code key}, made and remembered when absent. */
    private static <V> V memo(ConcurrentHashMap<RecordLists, V> map, RecordLists key, Supplier<V> make) {
        V v = map.get(key);
        if (v == null) {
            v = make.get();
            if (map.size() >= MEMO_MAX) {
                map.clear();
            }
            map.put(key, v);
        }
        return v;
    }

    /** Two (immutable) record lists, compared by identity: the same lists, not equal ones. */
    private record RecordLists(List<Record> cnames, List<Record> records) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RecordLists other && other.cnames == cnames && other.records == records;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(cnames) + System.identityHashCode(records);
        }
    }
}
