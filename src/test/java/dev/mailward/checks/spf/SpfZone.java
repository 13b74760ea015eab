package dev.mailward.checks.spf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DNS data of one SPF test scenario, in the shape of the OpenSPF suite's {@code zonedata} with the
 * driver rules of its README applied: names lower case without trailing dot; {@code SPF} entries
 * double as {@code TXT} unless the name has {@code TXT} entries of its own; {@code TXT: NONE}
 * means no TXT; a bare {@code TIMEOUT} makes queries for types with no record listed before it
 * time out.
 */
final class SpfZone {

    /** One resource record: type and data (TXT: list of strings; MX: preference and exchange). */
    record Rr(String type, Object data) {}

    /** Records of one name, in order, with the position of a TIMEOUT entry (-1 when none). */
    static final class Node {
        final List<Rr> records = new ArrayList<>();
        int timeoutAt = -1;
        boolean txtNone;
    }

    final Map<String, Node> nodes = new LinkedHashMap<>();

    static String norm(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    Node node(String name) {
        return nodes.computeIfAbsent(norm(name), k -> new Node());
    }

    void add(String name, String type, Object data) {
        node(name).records.add(new Rr(type, data));
    }

    void timeout(String name) {
        Node n = node(name);
        if (n.timeoutAt < 0) {
            n.timeoutAt = n.records.size();
        }
    }

    /** Records of {@code type} served at {@code name} (TXT falls back to SPF entries). */
    List<Rr> records(String name, String type) {
        Node n = nodes.get(norm(name));
        if (n == null) {
            return List.of();
        }
        List<Rr> out = new ArrayList<>();
        if (type.equals("TXT")) {
            if (n.txtNone) {
                return out;
            }
            for (Rr r : n.records) {
                if (r.type().equals("TXT")) {
                    out.add(r);
                }
            }
            if (out.isEmpty()) {
                for (Rr r : n.records) {
                    if (r.type().equals("SPF")) {
                        out.add(new Rr("TXT", r.data()));
                    }
                }
            }
            return out;
        }
        for (Rr r : n.records) {
            if (r.type().equals(type)) {
                out.add(r);
            }
        }
        return out;
    }

    /** True when a query for {@code type} at {@code name} must time out (README rule 5). */
    boolean timesOut(String name, String type) {
        Node n = nodes.get(norm(name));
        if (n == null || n.timeoutAt < 0) {
            return false;
        }
        for (int i = 0; i < n.timeoutAt; i++) {
            Rr r = n.records.get(i);
            if (r.type().equals(type)
                    || (type.equals("TXT") && !n.txtNone && r.type().equals("SPF"))) {
                return false;
            }
        }
        return true;
    }

    /** Replaces every record of {@code type} at {@code name} (the Stalwart files redefine records). */
    void replace(String name, String type, Object data) {
        node(name).records.removeIf(r -> r.type().equals(type));
        add(name, type, data);
    }

    /** A deep-enough copy: nodes and record lists are new, record data is immutable. */
    SpfZone copy() {
        SpfZone z = new SpfZone();
        nodes.forEach((k, v) -> {
            Node n = new Node();
            n.records.addAll(v.records);
            n.timeoutAt = v.timeoutAt;
            n.txtNone = v.txtNone;
            z.nodes.put(k, n);
        });
        return z;
    }

    boolean exists(String name) {
        return nodes.containsKey(norm(name));
    }

    /** Loads an OpenSPF {@code zonedata} map. */
    @SuppressWarnings("unchecked")
    static SpfZone fromOpenSpf(Map<String, Object> zonedata) {
        SpfZone z = new SpfZone();
        if (zonedata == null) {
            return z;
        }
        for (Map.Entry<String, Object> e : zonedata.entrySet()) {
            String name = e.getKey();
            z.node(name);
            for (Object item : (List<Object>) e.getValue()) {
                if ("TIMEOUT".equals(item)) {
                    z.timeout(name);
                    continue;
                }
                Map<String, Object> rr = (Map<String, Object>) item;
                for (Map.Entry<String, Object> r : rr.entrySet()) {
                    String type = r.getKey().toUpperCase(Locale.ROOT);
                    Object v = r.getValue();
                    switch (type) {
                        case "TXT", "SPF" -> {
                            if (type.equals("TXT") && "NONE".equals(v)) {
                                z.node(name).txtNone = true;
                            } else if (v instanceof List<?> l) {
                                z.add(
                                        name,
                                        type,
                                        l.stream().map(String::valueOf).toList());
                            } else {
                                z.add(name, type, List.of(String.valueOf(v)));
                            }
                        }
                        case "MX" -> {
                            List<Object> mx = (List<Object>) v;
                            z.add(name, "MX", new Object[] {((Number) mx.get(0)).intValue(), String.valueOf(mx.get(1))
                            });
                        }
                        default -> z.add(name, type, String.valueOf(v));
                    }
                }
            }
        }
        return z;
    }
}
