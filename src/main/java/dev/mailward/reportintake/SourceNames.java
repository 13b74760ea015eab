package dev.mailward.reportintake;

import dev.mailward.checks.dmarc.PublicSuffixList;
import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Source addresses to PTR names, organisations and (from the operator's offline database) autonomous systems.
 * Resolution goes through the {@code dns} module (its resolvers, timeouts and cache) and is kept in
 * {@code reportintake_source_name} for {@code ptrTtl} (a failed lookup for an hour). It is bounded everywhere:
 * a page or summary resolves at most {@code ptrPerView} uncached addresses within {@code ptrViewDeadline} (the
 * others show what is cached, or nothing yet); an import hands at most {@code ptrPerImport} addresses to one
 * background thread with a short queue (a full queue drops the batch: the next page view asks again).
 *
 * <p>The organisation is the registrable domain (Public Suffix List) of the first PTR name; the name is
 * forward-confirmed when one of its A/AAAA records is the address itself (FCrDNS).
 */
@Component
class SourceNames {

    /** DNS queries per address at most: the PTR, and the forward lookup of up to two names. */
    static final int QUERIES_PER_ADDRESS = 3;

    private static final Logger log = LoggerFactory.getLogger(SourceNames.class);
    private static final long ERROR_TTL_SECONDS = 3600;
    private static final java.time.Duration BACKGROUND_DEADLINE = java.time.Duration.ofSeconds(10);
    private static final int MAX_NAME = 253;

    private final Dns dns;
    private final JdbcClient jdbc;
    private final ReportIntakeProperties properties;
    private final PublicSuffixList psl = PublicSuffixList.bundled();
    private final AsnDatabase asn;
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16),
            r -> {
                Thread t = new Thread(r, "reportintake-ptr");
                t.setDaemon(true);
                return t;
            },
            new ThreadPoolExecutor.DiscardPolicy());

    SourceNames(Dns dns, JdbcClient jdbc, ReportIntakeProperties properties) {
        this.dns = dns;
        this.jdbc = jdbc;
        this.properties = properties;
        this.asn = loadAsn(properties);
    }

    private static AsnDatabase loadAsn(ReportIntakeProperties properties) {
        if (properties.asnDatabase() == null) {
            return null;
        }
        try {
            AsnDatabase db = AsnDatabase.load(properties.asnDatabase(), properties.asnMaxRanges());
            log.info(
                    "ASN database {}: {} ranges ({} lines skipped)", properties.asnDatabase(), db.size(), db.skipped());
            return db;
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "ASN database {} not read ({}): AS and country stay hidden",
                    properties.asnDatabase(),
                    e.toString());
            return null;
        }
    }

    /** Whether an ASN database was read (else the AS and country columns are hidden). */
    boolean hasAsn() {
        return asn != null;
    }

    /**
     * What is known of the addresses, resolving at most {@code ptrPerView} of them (first in the given order)
     * that are not cached or are stale, within {@code ptrViewDeadline}.
     */
    Map<String, SourceOrigin> origins(Collection<String> ips) {
        List<String> wanted = ips.stream()
                .filter(ip -> AsnDatabase.number(ip) != null)
                .distinct()
                .toList();
        Map<String, Cached> cached = cached(wanted);
        List<String> missing = wanted.stream()
                .filter(ip -> cached.get(ip) == null || cached.get(ip).stale(properties))
                .limit(properties.ptrPerView())
                .toList();
        if (!missing.isEmpty()) {
            Instant deadline = Instant.now().plus(properties.ptrViewDeadline());
            DnsSession session = dns.session(missing.size() * QUERIES_PER_ADDRESS, deadline);
            for (String ip : missing) {
                if (session.budgetExhausted() || !Instant.now().isBefore(deadline)) {
                    break;
                }
                resolve(ip, session, deadline).ifPresent(c -> cached.put(ip, c));
            }
        }
        Map<String, SourceOrigin> out = new HashMap<>();
        for (String ip : wanted) {
            Cached c = cached.get(ip);
            Optional<AsnDatabase.Asn> as = asn == null ? Optional.empty() : asn.find(ip);
            out.put(
                    ip,
                    new SourceOrigin(
                            c == null ? null : c.ptr(),
                            c == null ? null : c.organisation(),
                            c != null && c.forwardConfirmed(),
                            as.map(AsnDatabase.Asn::number).orElse(0L),
                            as.map(AsnDatabase.Asn::description).orElse(null),
                            as.map(AsnDatabase.Asn::country).orElse(null)));
        }
        return out;
    }

    /** Resolves the addresses that are not cached in the background (at most {@code ptrPerImport}). */
    void resolveLater(Collection<String> ips) {
        List<String> batch = ips.stream()
                .filter(ip -> AsnDatabase.number(ip) != null)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))
                .stream()
                .limit(properties.ptrPerImport())
                .toList();
        if (batch.isEmpty()) {
            return;
        }
        background.execute(() -> {
            try {
                Map<String, Cached> cached = cached(batch);
                for (String ip : batch) {
                    Cached c = cached.get(ip);
                    if (c == null || c.stale(properties)) {
                        Instant deadline = Instant.now().plus(BACKGROUND_DEADLINE);
                        resolve(ip, dns.session(QUERIES_PER_ADDRESS, deadline), deadline);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("resolving {} source addresses stopped: {}", batch.size(), e.toString());
            }
        });
    }

    /** {@link #resolveLater} for the busiest sources of a DMARC report, busiest first. */
    void resolveBusiest(Busiest busiest) {
        List<String> chosen = busiest.busiestFirst();
        if (!chosen.isEmpty()) {
            resolveLater(chosen);
        }
    }

    @PreDestroy
    void close() {
        background.shutdownNow();
    }

    /**
     * Asks DNS about one address and stores the answer; nothing when the budget or the deadline ran out (an
     * answer cut short says nothing about the address, and is not kept).
     */
    Optional<Cached> resolve(String ip, DnsSession session, Instant deadline) {
        InetAddress address = InetAddress.ofLiteral(ip);
        DnsAnswer ptr = session.lookup(ReverseMap.fromAddress(address).toString(), Type.PTR);
        if (cutShort(ptr, deadline)) {
            return Optional.empty();
        }
        Cached c;
        if (ptr.outcome() == DnsOutcome.NXDOMAIN || ptr.outcome() == DnsOutcome.NODATA) {
            c = new Cached(null, null, false, "NONE", Instant.now());
        } else if (ptr.isFailure()) {
            log.debug("PTR of {}: {} {}", ip, ptr.outcome(), ptr.error().orElse(""));
            c = new Cached(null, null, false, "ERROR", Instant.now());
        } else {
            List<String> names = new ArrayList<>();
            for (PTRRecord r : ptr.recordsOf(PTRRecord.class)) {
                String n = strip(r.getTarget().toString());
                if (!n.isEmpty() && n.length() <= MAX_NAME) {
                    names.add(n);
                }
            }
            if (names.isEmpty()) {
                c = new Cached(null, null, false, "NONE", Instant.now());
            } else {
                names.sort(null);
                boolean confirmed = false;
                boolean failed = false;
                for (String name : names.subList(0, Math.min(2, names.size()))) {
                    DnsAnswer forward = session.lookup(name, address.getAddress().length == 4 ? Type.A : Type.AAAA);
                    if (cutShort(forward, deadline)) {
                        return Optional.empty();
                    }
                    failed |= forward.isFailure();
                    confirmed |= forward.records().stream()
                            .anyMatch(r ->
                                    (r instanceof ARecord a && a.getAddress().equals(address))
                                            || (r instanceof AAAARecord a6
                                                    && a6.getAddress().equals(address)));
                }
                String name = names.getFirst();
                // a forward lookup that failed leaves the confirmation open: kept, but asked again soon
                c = new Cached(
                        name,
                        psl.registrableDomain(name).orElse(null),
                        confirmed,
                        failed && !confirmed ? "ERROR" : "OK",
                        Instant.now());
            }
        }
        store(ip, c);
        return Optional.of(c);
    }

    private static boolean cutShort(DnsAnswer a, Instant deadline) {
        return a.outcome() == DnsOutcome.BUDGET_EXHAUSTED
                || (a.outcome() == DnsOutcome.TIMEOUT && !Instant.now().isBefore(deadline));
    }

    private static String strip(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private void store(String ip, Cached c) {
        jdbc.sql("""
                        insert into reportintake_source_name (ip, ptr_name, organisation, forward_confirmed, outcome,
                            resolved_at)
                        values (cast(:ip as inet), :ptr, :org, :fc, :outcome, :at)
                        on conflict (ip) do update set ptr_name = excluded.ptr_name,
                            organisation = excluded.organisation, forward_confirmed = excluded.forward_confirmed,
                            outcome = excluded.outcome, resolved_at = excluded.resolved_at
                        """)
                .param("ip", ip)
                .param("ptr", c.ptr())
                .param("org", c.organisation())
                .param("fc", c.forwardConfirmed())
                .param("outcome", c.outcome())
                .param("at", Timestamp.from(c.at()))
                .update();
    }

    private Map<String, Cached> cached(List<String> ips) {
        Map<String, Cached> out = new HashMap<>();
        if (ips.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select i.txt, s.ptr_name, s.organisation, s.forward_confirmed, s.outcome, s.resolved_at
                        from unnest(cast(:ips as text[])) i (txt)
                        join reportintake_source_name s on s.ip = cast(i.txt as inet)
                        """)
                .param("ips", ips.toArray(String[]::new))
                .query((rs, n) -> Map.entry(
                        rs.getString(1),
                        new Cached(
                                rs.getString(2),
                                rs.getString(3),
                                rs.getBoolean(4),
                                rs.getString(5),
                                rs.getTimestamp(6).toInstant())))
                .list()
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** A stored row. */
    record Cached(String ptr, String organisation, boolean forwardConfirmed, String outcome, Instant at) {
        boolean stale(ReportIntakeProperties p) {
            long ttl = "ERROR".equals(outcome) ? ERROR_TTL_SECONDS : p.ptrTtl().toSeconds();
            return at.plusSeconds(ttl).isBefore(Instant.now());
        }
    }
}
