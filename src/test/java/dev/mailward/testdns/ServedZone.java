package dev.mailward.testdns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One loaded zone, immutable once built. Names are kept in DNSSEC canonical order (dnsjava's
 * {@link Name#compareTo}) so that the NSEC covering a missing name is the floor entry.
 */
final class ServedZone {

    /** An RRset with the RRSIGs covering it (empty when the zone is unsigned). */
    record RecordSet(Name name, int type, List<Record> records, List<RRSIGRecord> sigs) {

        RecordSet withName(Name owner) {
            return new RecordSet(
                    owner,
                    type,
                    records.stream().map(r -> r.withName(owner)).toList(),
                    sigs.stream().map(r -> (RRSIGRecord) r.withName(owner)).toList());
        }
    }

    /** Result of looking a name up inside this zone. */
    sealed interface Lookup {}

    /** Positive answer; {@code proofs} holds NSEC sets proving a wildcard expansion was needed. */
    record Answer(List<RecordSet> sets, List<RecordSet> proofs) implements Lookup {}

    record Cname(RecordSet cname, Name target, List<RecordSet> proofs) implements Lookup {}

    record NoData(List<RecordSet> proofs) implements Lookup {}

    record NxDomain(List<RecordSet> proofs) implements Lookup {}

    /** The name sits at or below a delegation to a zone that is not loaded in the server. */
    record Lame(Name cut) implements Lookup {}

    private record Node(Map<Integer, RecordSet> sets) {}

    private final Name origin;
    private final NavigableMap<Name, Node> nodes;
    private final RecordSet soa;
    private final boolean signed;
    private final String text;

    private ServedZone(Name origin, NavigableMap<Name, Node> nodes, String text) {
        this.origin = origin;
        this.nodes = nodes;
        this.text = text;
        this.soa = nodes.get(origin).sets().get(Type.SOA);
        this.signed = nodes.get(origin).sets().containsKey(Type.DNSKEY);
    }

    static ServedZone fromText(String text, Optional<Name> originHint) {
        ZoneText.Parsed parsed = ZoneText.parse(text, originHint);
        return of(parsed.origin(), parsed.records());
    }

    static ServedZone of(Name origin, List<Record> records) {
        ZoneText.validate(origin, records);
        Map<Name, Map<Integer, List<Record>>> data = new TreeMap<>();
        Map<Name, Map<Integer, List<RRSIGRecord>>> sigs = new TreeMap<>();
        for (Record r : records) {
            if (r instanceof RRSIGRecord sig) {
                sigs.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>())
                        .computeIfAbsent(sig.getTypeCovered(), t -> new ArrayList<>())
                        .add(sig);
            } else {
                List<Record> list = data.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>())
                        .computeIfAbsent(r.getType(), t -> new ArrayList<>());
                if (!list.contains(r)) {
                    list.add(r);
                }
            }
        }
        NavigableMap<Name, Node> nodes = new TreeMap<>();
        data.forEach((name, byType) -> {
            Map<Integer, RecordSet> sets = new LinkedHashMap<>();
            byType.forEach((type, list) -> sets.put(
                    type,
                    new RecordSet(
                            name,
                            type,
                            List.copyOf(list),
                            List.copyOf(sigs.getOrDefault(name, Map.of()).getOrDefault(type, List.of())))));
            nodes.put(name, new Node(Collections.unmodifiableMap(sets)));
        });
        StringBuilder text = new StringBuilder();
        records.forEach(r -> text.append(r).append('\n'));
        return new ServedZone(origin, Collections.unmodifiableNavigableMap(nodes), text.toString());
    }

    Name origin() {
        return origin;
    }

    RecordSet soa() {
        return soa;
    }

    /** True when the apex has a DNSKEY RRset, i.e. the zone was loaded pre-signed. */
    boolean signed() {
        return signed;
    }

    /** The zone as master-format text, one record a line (signatures included). */
    String text() {
        return text;
    }

    Lookup lookup(Name qname, int qtype) {
        // Zone cuts first: data at or below a delegation belongs to the child (RFC 1034 4.3.2),
        // except DS, which lives on the parent side of the cut (RFC 4035 3.1.4.1).
        int below = qname.labels() - origin.labels();
        for (int strip = below - 1; strip >= 0; strip--) {
            Name ancestor = new Name(qname, strip);
            Node node = nodes.get(ancestor);
            if (node != null && node.sets().containsKey(Type.NS)) {
                if (strip == 0 && qtype == Type.DS) {
                    RecordSet ds = node.sets().get(Type.DS);
                    return ds != null ? new Answer(List.of(ds), List.of()) : new NoData(nsecAt(qname));
                }
                return new Lame(ancestor);
            }
        }
        Node node = nodes.get(qname);
        if (node != null) {
            return fromNode(node, qname, qtype, List.of(), nsecAt(qname));
        }
        if (hasDescendant(qname)) {
            // empty non-terminal: the name exists, it just owns no data (RFC 8020)
            return new NoData(covering(qname));
        }
        Name encloser = closestEncloser(qname);
        Optional<Name> wildcard = wildcardOf(encloser);
        Node wild = wildcard.map(nodes::get).orElse(null);
        if (wild != null) {
            List<RecordSet> proof = covering(qname);
            Node synthesized = new Node(synthesize(wild, qname));
            List<RecordSet> noData = new ArrayList<>(proof);
            nsecAt(wildcard.get()).forEach(s -> addOnce(noData, s));
            return fromNode(synthesized, qname, qtype, proof, noData);
        }
        List<RecordSet> proofs = new ArrayList<>(covering(qname));
        wildcard.ifPresent(w -> covering(w).forEach(s -> addOnce(proofs, s)));
        return new NxDomain(proofs);
    }

    private static Lookup fromNode(
            Node node, Name qname, int qtype, List<RecordSet> answerProofs, List<RecordSet> noDataProofs) {
        if (qtype == Type.ANY) {
            return new Answer(List.copyOf(node.sets().values()), answerProofs);
        }
        RecordSet set = node.sets().get(qtype);
        if (set != null) {
            return new Answer(List.of(set), answerProofs);
        }
        RecordSet cname = node.sets().get(Type.CNAME);
        if (cname != null) {
            return new Cname(cname, ((CNAMERecord) cname.records().getFirst()).getTarget(), answerProofs);
        }
        return new NoData(noDataProofs);
    }

    private static Map<Integer, RecordSet> synthesize(Node wild, Name qname) {
        Map<Integer, RecordSet> sets = new LinkedHashMap<>();
        wild.sets().forEach((type, set) -> {
            if (type != Type.NSEC) {
                sets.put(type, set.withName(qname));
            }
        });
        return sets;
    }

    private boolean hasDescendant(Name name) {
        Name next = nodes.higherKey(name);
        return next != null && next.subdomain(name);
    }

    private boolean exists(Name name) {
        return nodes.containsKey(name) || hasDescendant(name);
    }

    private Name closestEncloser(Name qname) {
        for (int strip = 1; qname.labels() - strip >= origin.labels(); strip++) {
            Name ancestor = new Name(qname, strip);
            if (exists(ancestor)) {
                return ancestor;
            }
        }
        return origin;
    }

    private static Optional<Name> wildcardOf(Name encloser) {
        try {
            return Optional.of(Name.concatenate(Name.fromConstantString("*"), encloser));
        } catch (NameTooLongException e) {
            return Optional.empty();
        }
    }

    private List<RecordSet> nsecAt(Name name) {
        Node node = nodes.get(name);
        if (!signed || node == null || !node.sets().containsKey(Type.NSEC)) {
            return List.of();
        }
        return List.of(node.sets().get(Type.NSEC));
    }

    /** The NSEC whose owner is the greatest signed name not after {@code name}: it covers the gap. */
    private List<RecordSet> covering(Name name) {
        if (!signed) {
            return List.of();
        }
        for (Node node : nodes.headMap(name, true).descendingMap().values()) {
            RecordSet nsec = node.sets().get(Type.NSEC);
            if (nsec != null) {
                return List.of(nsec);
            }
        }
        // wrap-around: the last NSEC in the zone covers names before the first owner
        for (Node node : nodes.descendingMap().values()) {
            RecordSet nsec = node.sets().get(Type.NSEC);
            if (nsec != null) {
                return List.of(nsec);
            }
        }
        return List.of();
    }

    private static void addOnce(List<RecordSet> list, RecordSet set) {
        if (list.stream().noneMatch(s -> s.name().equals(set.name()) && s.type() == set.type())) {
            list.add(set);
        }
    }
}
