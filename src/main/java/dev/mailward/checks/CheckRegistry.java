package dev.mailward.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The check families the engine runs, in a stable order. Immutable and thread-safe.
 */
public final class CheckRegistry {

    private final Map<String, Check<?>> checks;

    public CheckRegistry(List<? extends Check<?>> checks) {
        Map<String, Check<?>> map = new LinkedHashMap<>();
        for (Check<?> c : checks) {
            if (map.put(c.id(), c) != null) {
                throw new IllegalArgumentException("two checks share the id '" + c.id() + "'");
            }
        }
        this.checks = java.util.Collections.unmodifiableMap(map);
    }

    /**
     * The DNS posture families of CHECKS.md ("Domain DNS checks"), in report order: mx, spf,
     * dmarc, dkim, mta-sts, tls-rpt, dnssec, ptr, blocklist.
     */
    public static CheckRegistry dnsChecks() {
        return new CheckRegistry(List.of(
                new dev.mailward.checks.mx.MxCheck(),
                new dev.mailward.checks.spf.SpfCheck(),
                new dev.mailward.checks.dmarc.DmarcCheck(),
                new dev.mailward.checks.dkim.DkimCheck(),
                new dev.mailward.checks.mtasts.MtaStsCheck(),
                new dev.mailward.checks.tlsrpt.TlsRptCheck(),
                new dev.mailward.checks.dnssec.DnssecCheck(),
                new dev.mailward.checks.rdns.PtrCheck(),
                new dev.mailward.checks.blocklist.BlocklistCheck()));
    }

    /**
     * The DNS families plus the mail server probes of one scan cycle: {@code endpoints} (every
     * MX, SRV and configured endpoint, results per {@code host:port}) and {@code dane} (per MX
     * host). {@code prober} is the cycle's cache and politeness limiter; pass the same one for
     * every domain of a bulk run so that shared hosts are probed once.
     */
    public static CheckRegistry withProbes(EndpointProber prober) {
        return withProbes(new DomainProbes(prober));
    }

    /** As {@link #withProbes(EndpointProber)} with a configured {@link DomainProbes} (labs: MX port). */
    public static CheckRegistry withProbes(DomainProbes probes) {
        List<Check<?>> all = new ArrayList<>(dnsChecks().all());
        all.add(probes);
        all.add(new dev.mailward.checks.dane.DaneCheck(probes));
        return new CheckRegistry(all);
    }

    public List<Check<?>> all() {
        return new ArrayList<>(checks.values());
    }

    public Optional<Check<?>> byId(String id) {
        return Optional.ofNullable(checks.get(id));
    }

    /** Every finding code of every registered family. */
    public List<FindingCode> codes() {
        List<FindingCode> out = new ArrayList<>();
        for (Check<?> c : checks.values()) {
            out.addAll(c.codes());
        }
        return out;
    }
}
