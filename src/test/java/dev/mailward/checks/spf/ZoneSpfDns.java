package dev.mailward.checks.spf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * In-memory {@link SpfDns} over an {@link SpfZone}, for pure evaluator unit tests only (the
 * conformance and check tests go over real DNS on loopback). Follows CNAMEs (loops are errors)
 * and counts the questions asked.
 */
final class ZoneSpfDns implements SpfDns {

    private final SpfZone zone;
    int queries;

    ZoneSpfDns(SpfZone zone) {
        this.zone = zone;
    }

    private <T> Lookup<T> lookup(String name, String type, Function<SpfZone.Rr, T> map) {
        queries++;
        String n = SpfZone.norm(name);
        Set<String> seen = new HashSet<>();
        for (int hop = 0; hop < 8; hop++) {
            if (!seen.add(n)) {
                return Lookup.error("CNAME loop at " + n);
            }
            if (zone.timesOut(n, type)) {
                return Lookup.error("TIMEOUT");
            }
            List<SpfZone.Rr> rrs = zone.records(n, type);
            if (!rrs.isEmpty()) {
                return Lookup.found(rrs.stream().map(map).toList());
            }
            List<SpfZone.Rr> cname = zone.records(n, "CNAME");
            if (cname.isEmpty()) {
                return Lookup.voidResult(zone.exists(n) ? "NODATA" : "NXDOMAIN");
            }
            n = SpfZone.norm((String) cname.getFirst().data());
        }
        return Lookup.error("CNAME chain too long");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Lookup<List<String>> txt(String name) {
        return lookup(name, "TXT", r -> (List<String>) r.data());
    }

    @Override
    public Lookup<InetAddress> addresses(String name, boolean ipv6) {
        return lookup(name, ipv6 ? "AAAA" : "A", r -> {
            byte[] b = ipv6
                    ? SpfIp.parseIp6((String) r.data()).orElseThrow()
                    : SpfIp.parseIp4((String) r.data()).orElseThrow();
            return SpfIp.toInet(b);
        });
    }

    @Override
    public Lookup<MxHost> mx(String name) {
        Lookup<MxHost> l = lookup(name, "MX", r -> {
            Object[] mx = (Object[]) r.data();
            return new MxHost((Integer) mx[0], SpfZone.norm((String) mx[1]));
        });
        List<MxHost> sorted = new ArrayList<>(l.values());
        sorted.sort(Comparator.comparingInt(MxHost::preference));
        return new Lookup<>(l.kind(), sorted, l.detail());
    }

    @Override
    public Lookup<String> ptr(String name) {
        return lookup(name, "PTR", r -> SpfZone.norm((String) r.data()));
    }
}
