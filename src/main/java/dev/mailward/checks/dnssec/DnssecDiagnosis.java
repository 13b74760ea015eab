package dev.mailward.checks.dnssec;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.RRSIGRecord;

/**
 * Why a zone's DNSSEC chain is broken, read from what was served with checking disabled (pure):
 * no DS at the parent matches a DNSKEY of the zone, or the signatures expired (or are not valid
 * yet), or neither can be seen. Says it in a mail admin's words, with the fix; the raw records stay
 * in the evidence.
 *
 * @param cause what is wrong
 * @param zone the zone that signs the domain (no trailing dot), or the domain when not found
 * @param validity when the signatures expired ({@code EXPIRED}) or become valid ({@code NOT_YET_VALID})
 * @param dsToPublish the DS records (master format) of the zone's key-signing keys, computed from
 *     the DNSKEYs served with checking disabled; empty when no key could be seen
 */
record DnssecDiagnosis(Cause cause, String zone, Optional<Instant> validity, List<String> dsToPublish) {

    /** What breaks the chain. */
    enum Cause {
        DS_MISMATCH,
        EXPIRED,
        NOT_YET_VALID,
        UNKNOWN
    }

    /** Dates in messages: minutes, UTC. */
    static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    DnssecDiagnosis {
        dsToPublish = List.copyOf(dsToPublish);
    }

    /**
     * The diagnosis of {@code domain}'s BOGUS answer from the observation's {@code diagnosis}
     * answers, judged at {@code at} (when it was observed: no clock).
     */
    static DnssecDiagnosis of(String domain, List<DnsAnswer> diagnosis, Instant at) {
        Optional<DnsAnswer> keys = diagnosis.stream()
                .filter(a -> a.type().equals("DNSKEY") && a.outcome() == DnsOutcome.OK)
                .findFirst();
        String zone = keys.map(k -> bare(k.name())).orElse(domain);
        List<DNSKEYRecord> dnskeys =
                keys.map(k -> k.recordsOf(DNSKEYRecord.class)).orElse(List.of());
        List<String> publish = new ArrayList<>();
        for (DNSKEYRecord k : ksks(dnskeys)) {
            DSRecord made = new DSRecord(k.getName(), DClass.IN, k.getTTL(), DNSSEC.Digest.SHA256, k);
            publish.add(made.getName() + " IN DS " + made.rdataToString());
        }
        Optional<DnsAnswer> ds = diagnosis.stream()
                .filter(a -> a.type().equals("DS") && bare(a.name()).equals(zone) && a.outcome() == DnsOutcome.OK)
                .findFirst();
        if (ds.isPresent() && !dnskeys.isEmpty() && !anyMatches(ds.get().recordsOf(DSRecord.class), dnskeys)) {
            return new DnssecDiagnosis(Cause.DS_MISMATCH, zone, Optional.empty(), publish);
        }
        List<RRSIGRecord> sigs = new ArrayList<>();
        for (DnsAnswer a : diagnosis) {
            if (bare(a.name()).equals(zone)
                    && (a.type().equals("DNSKEY") || a.type().equals("SOA"))) {
                sigs.addAll(a.recordsOf(RRSIGRecord.class));
            }
        }
        Optional<Instant> expired = sigs.stream()
                .map(RRSIGRecord::getExpire)
                .filter(e -> e.isBefore(at))
                .min(Instant::compareTo);
        if (expired.isPresent()) {
            return new DnssecDiagnosis(Cause.EXPIRED, zone, expired, publish);
        }
        Optional<Instant> future = sigs.stream()
                .map(RRSIGRecord::getTimeSigned)
                .filter(s -> s.isAfter(at))
                .max(Instant::compareTo);
        if (future.isPresent()) {
            return new DnssecDiagnosis(Cause.NOT_YET_VALID, zone, future, publish);
        }
        return new DnssecDiagnosis(Cause.UNKNOWN, zone, Optional.empty(), publish);
    }

    /** The cause, what follows and the fix, in plain words. */
    String message(String domain) {
        String follows = " Validating resolvers return SERVFAIL for " + domain + " and every name under it: mail to "
                + domain + " is not delivered.";
        return switch (cause) {
            case DS_MISMATCH ->
                "No DS record at the parent matches a DNSKEY of " + zone + "." + follows
                        + (dsToPublish.isEmpty()
                                ? " Fix: publish at the parent (your registrar) the DS of the zone's current"
                                        + " key-signing key and remove the DS records that match no key."
                                : " Fix: publish at the parent (your registrar) the DS of the current key-signing"
                                        + " key, " + String.join(" and ", dsToPublish)
                                        + ", and remove the DS records that match no key.");
            case EXPIRED ->
                "The signatures of " + zone + " expired on " + DATE.format(validity.orElseThrow()) + "." + follows
                        + " Fix: re-sign the zone " + zone
                        + " and make sure it is re-signed automatically before its signatures expire.";
            case NOT_YET_VALID ->
                "The signatures of " + zone + " are not valid until " + DATE.format(validity.orElseThrow()) + "."
                        + follows + " Fix: re-sign the zone " + zone
                        + " with a correct clock on the signer.";
            case UNKNOWN ->
                "The DNSSEC signatures of " + zone + " do not validate." + follows
                        + " Fix: re-sign the zone " + zone
                        + " with a key whose DS the parent publishes, or publish the DS of the current key.";
        };
    }

    /** The evidence form: cause, zone, date and the DS records to publish. */
    Map<String, Object> evidence(Optional<String> validatorReason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cause", cause.name());
        m.put("zone", zone);
        validity.ifPresent(v -> m.put(cause == Cause.EXPIRED ? "expiredOn" : "validFrom", v.toString()));
        if (!dsToPublish.isEmpty()) {
            m.put("dsToPublish", dsToPublish);
        }
        validatorReason.ifPresent(r -> m.put("validatorReason", r));
        return m;
    }

    /** The key-signing keys (SEP flag), or every zone key when none has the flag. */
    private static List<DNSKEYRecord> ksks(List<DNSKEYRecord> keys) {
        List<DNSKEYRecord> sep = keys.stream()
                .filter(k -> (k.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0)
                .toList();
        return sep.isEmpty()
                ? keys.stream()
                        .filter(k -> (k.getFlags() & DNSKEYRecord.Flags.ZONE_KEY) != 0)
                        .toList()
                : sep;
    }

    private static boolean anyMatches(List<DSRecord> ds, List<DNSKEYRecord> keys) {
        for (DSRecord d : ds) {
            for (DNSKEYRecord k : keys) {
                if (d.getFootprint() != k.getFootprint() || d.getAlgorithm() != k.getAlgorithm()) {
                    continue;
                }
                try {
                    DSRecord made = new DSRecord(k.getName(), DClass.IN, 0, d.getDigestID(), k);
                    if (Arrays.equals(made.getDigest(), d.getDigest())) {
                        return true;
                    }
                } catch (IllegalArgumentException unsupportedDigest) {
                    // a digest type dnsjava cannot compute cannot be checked: count it as matching
                    return true;
                }
            }
        }
        return false;
    }

    private static String bare(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
