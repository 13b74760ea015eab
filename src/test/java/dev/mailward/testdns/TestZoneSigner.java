package dev.mailward.testdns;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Signs zones at test time with a fresh ECDSA P-256 key (algorithm 13, RFC 6605): one combined
 * signing key (flags 257) per zone, an RRSIG over every authoritative RRset, and an NSEC chain for
 * authenticated denial (RFC 4034/4035). Keys never leave the JVM.
 *
 * <pre>{@code
 * SignedZones chain = TestZoneSigner.chain()
 *         .signed(".")                                  // generated minimal root zone
 *         .signed("test.")
 *         .signed("example.test.", exampleZoneText)     // NS + DS added to "test." automatically
 *         .unsigned("insecure.test.")                   // NS only: an insecure delegation
 *         .build();
 * server.addZones(chain);
 * validatingResolver.loadTrustAnchors(chain.trustAnchorStream());
 * }</pre>
 */
public final class TestZoneSigner {

    private final Name origin;
    private final KeyPair keyPair;
    private final Instant inception;
    private final Instant expiration;

    private TestZoneSigner(Name origin, KeyPair keyPair) {
        this(
                origin,
                keyPair,
                Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)));
    }

    private TestZoneSigner(Name origin, KeyPair keyPair, Instant inception, Instant expiration) {
        this.origin = origin;
        this.keyPair = keyPair;
        this.inception = inception;
        this.expiration = expiration;
    }

    /** A signer for {@code origin} with a newly generated P-256 key pair. */
    public static TestZoneSigner generate(String origin) {
        return new TestZoneSigner(ZoneText.name(origin), newKeyPair());
    }

    /**
     * A signer with the same key and another signature validity window (the default is one hour ago
     * until 30 days ahead); e.g. a window in the past gives expired signatures. This signer is
     * unchanged (signers are immutable).
     */
    public TestZoneSigner validity(Instant inception, Instant expiration) {
        if (!inception.isBefore(expiration)) {
            throw new IllegalArgumentException("inception " + inception + " is not before expiration " + expiration);
        }
        return new TestZoneSigner(origin, keyPair, inception, expiration);
    }

    public Name origin() {
        return origin;
    }

    /** The zone's DNSKEY (flags 257, algorithm 13) with the given TTL. */
    public DNSKEYRecord dnskey(long ttl) {
        try {
            return new DNSKEYRecord(
                    origin,
                    DClass.IN,
                    ttl,
                    DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY,
                    DNSKEYRecord.Protocol.DNSSEC,
                    DNSSEC.Algorithm.ECDSAP256SHA256,
                    keyPair.getPublic());
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalStateException("cannot encode the DNSKEY for " + origin, e);
        }
    }

    /** The SHA-256 DS the parent publishes for this zone's key. */
    public DSRecord ds(long ttl) {
        return new DSRecord(origin, DClass.IN, ttl, DNSSEC.Digest.SHA256, dnskey(ttl));
    }

    /** Signs master-format zone text (relative names are relative to this signer's origin). */
    public SignedZone sign(String zoneText) {
        return sign(ZoneText.parse(zoneText, Optional.of(origin)).records());
    }

    /**
     * Signs the records of one zone: existing RRSIG/NSEC/NSEC3 records are dropped, the DNSKEY is
     * added at the apex, names below a zone cut (glue) are left unsigned and out of the NSEC chain,
     * and at a cut only DS and NSEC are signed (RFC 4035 2.2).
     */
    public SignedZone sign(List<Record> input) {
        ZoneText.validate(origin, input);
        SOARecord soa = input.stream()
                .filter(SOARecord.class::isInstance)
                .map(SOARecord.class::cast)
                .findFirst()
                .orElseThrow();
        long negativeTtl = Math.min(soa.getTTL(), soa.getMinimum()); // RFC 9077: NSEC TTL
        DNSKEYRecord dnskey = dnskey(soa.getTTL());

        NavigableMap<Name, Map<Integer, List<Record>>> data = new TreeMap<>();
        List<Record> all = new ArrayList<>(input);
        all.add(dnskey);
        for (Record r : all) {
            int type = r.getType();
            if (type == Type.RRSIG || type == Type.NSEC || type == Type.NSEC3 || type == Type.NSEC3PARAM) {
                continue;
            }
            List<Record> list = data.computeIfAbsent(r.getName(), n -> new TreeMap<>())
                    .computeIfAbsent(type, t -> new ArrayList<>());
            if (!list.contains(r)) {
                list.add(r);
            }
        }
        List<Name> cuts = data.entrySet().stream()
                .filter(e -> !e.getKey().equals(origin) && e.getValue().containsKey(Type.NS))
                .map(Map.Entry::getKey)
                .toList();
        List<Name> owners = data.keySet().stream()
                .filter(name -> cuts.stream().noneMatch(cut -> !name.equals(cut) && name.subdomain(cut)))
                .toList();

        List<Record> out = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            Name owner = owners.get(i);
            Name next = owners.get((i + 1) % owners.size());
            boolean cut = cuts.contains(owner);
            TreeSet<Integer> types = new TreeSet<>();
            types.add(Type.NSEC);
            types.add(Type.RRSIG);
            data.get(owner).keySet().stream()
                    .filter(t -> !cut || t == Type.NS || t == Type.DS)
                    .forEach(types::add);
            NSECRecord nsec = new NSECRecord(
                    owner,
                    DClass.IN,
                    negativeTtl,
                    next,
                    types.stream().mapToInt(Integer::intValue).toArray());
            data.get(owner).put(Type.NSEC, List.of(nsec));
        }
        for (Map.Entry<Name, Map<Integer, List<Record>>> node : data.entrySet()) {
            Name owner = node.getKey();
            boolean authoritative = owners.contains(owner);
            boolean cut = cuts.contains(owner);
            for (Map.Entry<Integer, List<Record>> set : node.getValue().entrySet()) {
                RRset rrset = new RRset();
                set.getValue().forEach(rrset::addRR); // RRset also evens out TTLs (RFC 2181 5.2)
                out.addAll(rrset.rrs(false));
                boolean signIt = authoritative && (!cut || set.getKey() == Type.DS || set.getKey() == Type.NSEC);
                if (signIt) {
                    out.add(signature(rrset, dnskey));
                }
            }
        }
        // SOA first, so the text form reads like a zone file
        out.sort(Comparator.comparing((Record r) -> r.getType() != Type.SOA));
        return new SignedZone(origin, out, List.of(dnskey), List.of(ds(soa.getTTL())));
    }

    private RRSIGRecord signature(RRset rrset, DNSKEYRecord dnskey) {
        try {
            return DNSSEC.sign(rrset, dnskey, keyPair.getPrivate(), inception, expiration);
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalStateException("cannot sign " + rrset.getName() + " " + Type.string(rrset.getType()), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key pair generator in this JVM", e);
        }
    }

    // ---------------------------------------------------------------- chains

    /** Starts a chain of zones whose delegations (NS, glue, DS) are filled in automatically. */
    public static ChainBuilder chain() {
        return new ChainBuilder();
    }

    /** Builds {@link SignedZones}: children are signed first, then their DS goes into the parent. */
    public static final class ChainBuilder {

        private enum Mode {
            SIGNED,
            UNSIGNED,
            WRONG_DS
        }

        private record Entry(Name origin, Optional<String> text, Mode mode) {}

        private final Map<Name, Entry> entries = new LinkedHashMap<>();
        private Instant inception = Instant.now().minus(Duration.ofHours(1));
        private Instant expiration = Instant.now().plus(Duration.ofDays(30));

        private ChainBuilder() {}

        /** A signed zone with a generated minimal content (SOA, NS ns1.&lt;origin&gt;, its A). */
        public ChainBuilder signed(String origin) {
            return add(origin, Optional.empty(), Mode.SIGNED);
        }

        /** A signed zone from master-format text (relative names relative to {@code origin}). */
        public ChainBuilder signed(String origin, String zoneText) {
            return add(origin, Optional.of(zoneText), Mode.SIGNED);
        }

        /** An unsigned zone: its parent gets NS but no DS, an insecure delegation. */
        public ChainBuilder unsigned(String origin) {
            return add(origin, Optional.empty(), Mode.UNSIGNED);
        }

        public ChainBuilder unsigned(String origin, String zoneText) {
            return add(origin, Optional.of(zoneText), Mode.UNSIGNED);
        }

        /** A signed zone whose parent publishes the DS of an unrelated key: BOGUS for a validator. */
        public ChainBuilder signedWithWrongDs(String origin, String zoneText) {
            return add(origin, Optional.of(zoneText), Mode.WRONG_DS);
        }

        public ChainBuilder signedWithWrongDs(String origin) {
            return add(origin, Optional.empty(), Mode.WRONG_DS);
        }

        /** Signature validity window for every zone of the chain. */
        public ChainBuilder validity(Instant inception, Instant expiration) {
            this.inception = inception;
            this.expiration = expiration;
            return this;
        }

        private ChainBuilder add(String origin, Optional<String> text, Mode mode) {
            Name name = ZoneText.name(origin);
            if (entries.putIfAbsent(name, new Entry(name, text, mode)) != null) {
                throw new IllegalArgumentException("zone " + name + " is already in this chain");
            }
            return this;
        }

        public SignedZones build() {
            Map<Name, List<Record>> records = new LinkedHashMap<>();
            for (Entry e : entries.values()) {
                records.put(
                        e.origin(),
                        new ArrayList<>(e.text()
                                .map(t -> ZoneText.parse(t, Optional.of(e.origin()))
                                        .records())
                                .orElseGet(() -> minimalZone(e.origin()))));
            }
            List<Entry> deepestFirst = entries.values().stream()
                    .sorted(Comparator.comparingInt((Entry e) -> e.origin().labels())
                            .reversed())
                    .toList();
            Map<Name, SignedZone> done = new TreeMap<>();
            Map<Name, TestZoneSigner> signers = new TreeMap<>();
            for (Entry e : deepestFirst) {
                List<Record> zone = records.get(e.origin());
                SignedZone result;
                if (e.mode() == Mode.UNSIGNED) {
                    ZoneText.validate(e.origin(), zone);
                    result = new SignedZone(e.origin(), zone, List.of(), List.of());
                } else {
                    TestZoneSigner signer =
                            new TestZoneSigner(e.origin(), newKeyPair()).validity(inception, expiration);
                    signers.put(e.origin(), signer);
                    result = signer.sign(zone);
                }
                done.put(e.origin(), result);
                Optional<Name> parent = parentOf(e.origin());
                if (parent.isPresent()) {
                    List<Record> parentRecords = records.get(parent.get());
                    delegation(result, zone).forEach(r -> addOnce(parentRecords, r));
                    if (e.mode() == Mode.SIGNED) {
                        result.ds().forEach(r -> addOnce(parentRecords, r));
                    } else if (e.mode() == Mode.WRONG_DS) {
                        addOnce(
                                parentRecords,
                                generate(e.origin().toString())
                                        .ds(result.ds().getFirst().getTTL()));
                    }
                }
            }
            return new SignedZones(
                    done.values().stream()
                            .sorted(Comparator.comparingInt(
                                    (SignedZone z) -> z.origin().labels()))
                            .toList(),
                    signers);
        }

        private Optional<Name> parentOf(Name child) {
            for (int strip = 1; strip < child.labels(); strip++) {
                Name ancestor = new Name(child, strip);
                if (entries.containsKey(ancestor)) {
                    return Optional.of(ancestor);
                }
            }
            return Optional.empty();
        }

        /** The child's apex NS records and the glue for name servers inside the child. */
        private static List<Record> delegation(SignedZone child, List<Record> childRecords) {
            List<Record> out = new ArrayList<>();
            List<NSRecord> ns = childRecords.stream()
                    .filter(r -> r instanceof NSRecord && r.getName().equals(child.origin()))
                    .map(NSRecord.class::cast)
                    .toList();
            for (NSRecord record : ns) {
                out.add(record);
                if (record.getTarget().subdomain(child.origin())) {
                    childRecords.stream()
                            .filter(r -> r.getName().equals(record.getTarget())
                                    && (r.getType() == Type.A || r.getType() == Type.AAAA))
                            .forEach(out::add);
                }
            }
            if (ns.isEmpty()) {
                throw new IllegalArgumentException("zone " + child.origin() + " has no NS at its apex to delegate to");
            }
            return out;
        }

        private static void addOnce(List<Record> list, Record record) {
            if (!list.contains(record)) {
                list.add(record);
            }
        }

        private static List<Record> minimalZone(Name origin) {
            String apex = origin.toString();
            String ns = origin.equals(Name.root) ? "ns1." : "ns1." + apex;
            return ZoneText.parse("""
                    %1$s 3600 IN SOA %2$s hostmaster.%3$s 1 3600 600 86400 300
                    %1$s 3600 IN NS %2$s
                    %2$s 3600 IN A 127.0.0.1
                    """.formatted(apex, ns, origin.equals(Name.root) ? "" : apex), Optional.of(origin))
                    .records();
        }
    }
}
