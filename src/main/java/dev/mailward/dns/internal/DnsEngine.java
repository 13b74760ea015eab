package dev.mailward.dns.internal;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSettings;
import dev.mailward.dns.DnsSettings.DnssecMode;
import dev.mailward.dns.DnsStatistics;
import dev.mailward.dns.DnssecStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * The resolution engine behind {@code DnsClient}: one question in, one {@link DnsAnswer} out,
 * never an exception. Follows CNAME chains, establishes the DNSSEC status by the configured mode,
 * caches answers by TTL (negative answers per RFC 2308 §5, failures for {@link #FAILURE_TTL_MILLIS}
 * only) and coalesces concurrent identical questions into one network query.
 */
public final class DnsEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsEngine.class);

    /** Resource with the IANA root trust anchors (DS records). */
    public static final String ROOT_ANCHORS_RESOURCE = "/dev/mailward/dns/root-anchors.txt";

    /** SERVFAIL, timeouts and other failures are remembered this long, so a dead server is not hammered. */
    static final long FAILURE_TTL_MILLIS = 2_000;
    /** Longest time any answer is cached (RFC 8767 §4 suggests capping TTLs; a day is common). */
    static final long MAX_TTL_SECONDS = 86_400;
    /** UDP payload size advertised in EDNS0: the DNS Flag Day 2020 value that avoids fragmentation. */
    static final int MAX_UDP_PAYLOAD = 1232;
    /** Longest rendering of bogus data kept as evidence in the error text. */
    private static final int MAX_EVIDENCE_CHARS = 600;

    private final DnsSettings settings;
    private final ExecutorService executor;
    private final Transport transport;
    private final AnswerCache cache;
    private final int udpPayload;
    private final ValidatingResolver validator;
    private final ConcurrentHashMap<AnswerCache.Key, Inflight> inflight = new ConcurrentHashMap<>();
    /** Questions handed to the validator, to learn which server answered and whether over TCP. */
    private final ConcurrentHashMap<PendingKey, AtomicReference<Exchange>> pending = new ConcurrentHashMap<>();

    private final Duration resolutionBound;
    private final DnsStatistics statistics = new DnsStatistics();

    private record PendingKey(int id, Name name, int type) {}

    /** A resolution under way, shared by everyone asking the same question meanwhile. */
    private record Inflight(CompletableFuture<DnsAnswer> future, long startNanos) {}

    /** What one network step produced. A failed step has no response. */
    private record Step(
            DnsOutcome failure,
            Message response,
            DnssecStatus status,
            Optional<String> reason,
            String server,
            boolean tcp,
            Duration elapsed,
            Optional<String> error) {

        static Step failed(TransportException te, DnssecStatus status, Optional<String> reason, String error) {
            return new Step(te.outcome(), null, status, reason, te.server(), false, Duration.ZERO, Optional.of(error));
        }
    }

    /** A finished answer and how long it may be cached. */
    private record Resolved(DnsAnswer answer, long ttlMillis) {}

    private DnsEngine(DnsSettings settings) {
        this.settings = settings;
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("mailward-dns-", 0).factory());
        List<InetSocketAddress> servers = settings.resolvers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers()
                : settings.resolvers();
        this.udpPayload = Math.max(512, Math.min(settings.maxResponseBytes(), MAX_UDP_PAYLOAD));
        // TRUST_AD continuations only parse, cache and send the next query: they run where the
        // answer arrived. dnsjava's validator may do more (signature checks), so it gets the executor.
        this.transport = new Transport(
                servers,
                settings.timeout(),
                settings.retries(),
                settings.maxResponseBytes(),
                executor,
                settings.dnssecMode() == DnssecMode.TRUST_AD);
        this.cache = new AnswerCache(settings.cacheMaxEntries(), System::nanoTime);
        // One question may need the question itself, the chase of DS/DNSKEY and a CD=1 re-query.
        this.resolutionBound = transport.worstCase().multipliedBy(3).plusSeconds(1);
        this.validator = settings.dnssecMode() == DnssecMode.VALIDATE ? newValidator(settings) : null;
        log.info(
                "DNS resolver: servers {}, timeout {} ms, {} retries, DNSSEC {}",
                servers,
                settings.timeout().toMillis(),
                settings.retries(),
                settings.dnssecMode());
    }

    /**
     * Builds the engine.
     *
     * @throws IllegalArgumentException when no server is configured or found, or the trust anchor
     *     file cannot be read (configuration errors, reported at start-up rather than per answer)
     */
    public static DnsEngine create(DnsSettings settings) {
        return new DnsEngine(settings);
    }

    private ValidatingResolver newValidator(DnsSettings s) {
        TransportResolver head = new TransportResolver(transport, udpPayload, this::observe);
        ValidatingResolver v = new ValidatingResolver(head);
        try (InputStream in = s.trustAnchors().isPresent()
                ? Files.newInputStream(s.trustAnchors().get())
                : DnsEngine.class.getResourceAsStream(ROOT_ANCHORS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + ROOT_ANCHORS_RESOURCE + " is missing");
            }
            v.loadTrustAnchors(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot read DNSSEC trust anchors from "
                            + s.trustAnchors().map(Path::toString).orElse(ROOT_ANCHORS_RESOURCE) + ": "
                            + e.getMessage(),
                    e);
        }
        return v;
    }

    private void observe(Message query, Exchange exchange) {
        var q = query.getQuestion();
        AtomicReference<Exchange> ref =
                pending.get(new PendingKey(query.getHeader().getID(), q.getName(), q.getType()));
        if (ref != null) {
            ref.compareAndSet(null, exchange);
        }
    }

    /** The answer in the cache, marked as coming from it (the key can go on to {@link #resolve(AnswerCache.Key)}). */
    public Optional<DnsAnswer> cached(AnswerCache.Key key) {
        return cache.get(key);
    }

    /** Longest time one {@link #resolve} can take before it answers TIMEOUT by itself. */
    public Duration resolutionBound() {
        return resolutionBound;
    }

    public int cacheSize() {
        return cache.size();
    }

    /** The questions this engine sent to its resolvers, by outcome. */
    public DnsStatistics statistics() {
        return statistics;
    }

    /**
     * Resolves a valid, absolute, lower-case name. The future never completes exceptionally.
     * Concurrent callers with the same question share one resolution.
     */
    public CompletableFuture<DnsAnswer> resolve(Name name, int type) {
        return resolve(new AnswerCache.Key(name, type));
    }

    /** {@link #resolve(Name, int)} of the key's question. */
    public CompletableFuture<DnsAnswer> resolve(AnswerCache.Key key) {
        Name name = key.name();
        int type = key.type();
        Optional<DnsAnswer> hit = cache.get(key);
        if (hit.isPresent()) {
            return CompletableFuture.completedFuture(hit.get());
        }
        long start = System.nanoTime();
        CompletableFuture<DnsAnswer> mine = new CompletableFuture<>();
        Inflight entry = new Inflight(mine, start);
        Inflight existing = inflight.putIfAbsent(key, entry);
        if (existing != null) {
            if (start - existing.startNanos() <= resolutionBound.toNanos()) {
                return existing.future();
            }
            // Every step of a resolution is bounded by the transport's own timeouts, so this
            // does not happen; if a bug ever left one hanging, it ends here, not in every caller.
            existing.future()
                    .complete(failure(
                            name,
                            type,
                            DnsOutcome.TIMEOUT,
                            "resolution of " + name + " " + Type.string(type) + " did not finish within "
                                    + resolutionBound.toMillis() + " ms",
                            resolutionBound));
            inflight.remove(key, existing);
            if (inflight.putIfAbsent(key, entry) != null) {
                return resolve(key);
            }
        }
        CompletableFuture<Resolved> work;
        try {
            work = follow(new Chain(name, type), name);
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        // No timer per question: the transport times out every query it sends, and a follow-up
        // step only starts when the previous one has ended.
        work.handle((resolved, error) -> resolved != null ? resolved : unexpected(name, type, error, start))
                .thenAccept(resolved -> {
                    cache.put(key, asCached(resolved.answer()), resolved.ttlMillis());
                    statistics.resolved(resolved.answer().outcome());
                    inflight.remove(key, entry);
                    mine.complete(resolved.answer());
                });
        return mine;
    }

    private Resolved unexpected(Name name, int type, Throwable error, long start) {
        Throwable t = Transport.unwrap(error);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        // Transport failures, timeouts included, are answers (steps) by now: this is a bug's trace.
        log.warn("Unexpected failure resolving {} {}", name, Type.string(type), t);
        return new Resolved(
                failure(
                        name,
                        type,
                        DnsOutcome.ERROR,
                        "resolver failure for " + name + " " + Type.string(type) + ": " + t,
                        elapsed),
                FAILURE_TTL_MILLIS);
    }

    private static DnsAnswer failure(Name name, int type, DnsOutcome outcome, String error, Duration elapsed) {
        return new DnsAnswer(
                name.toString(),
                Type.string(type),
                outcome,
                List.of(),
                List.of(),
                DnssecStatus.INDETERMINATE,
                Optional.empty(),
                "",
                false,
                false,
                elapsed,
                Optional.of(error));
    }

    private static DnsAnswer asCached(DnsAnswer a) {
        return new DnsAnswer(
                a.name(),
                a.type(),
                a.outcome(),
                a.records(),
                a.cnameChain(),
                a.dnssec(),
                a.dnssecReason(),
                "cache",
                false,
                true,
                Duration.ZERO,
                a.error());
    }

    // ---- following CNAME chains ------------------------------------------------------------

    /** Mutable state of one resolution, confined to its (sequential) chain of stages. */
    private final class Chain {
        final Name name;
        final int type;
        final List<Record> cnames = new ArrayList<>();
        final Set<Name> visited = new HashSet<>();
        DnssecStatus status = DnssecStatus.SECURE;
        final List<String> reasons = new ArrayList<>();
        String server = "";
        boolean tcp;
        Duration elapsed = Duration.ZERO;
        long ttlSeconds = MAX_TTL_SECONDS;

        Chain(Name name, int type) {
            this.name = name;
            this.type = type;
            visited.add(name);
        }

        void absorb(Step step) {
            status = worst(status, step.status());
            step.reason().ifPresent(r -> {
                if (!reasons.contains(r)) {
                    reasons.add(r);
                }
            });
            server = step.server();
            tcp |= step.tcp();
            elapsed = elapsed.plus(step.elapsed());
        }

        Resolved answer(DnsOutcome outcome, List<Record> records, long ttl, Optional<String> error) {
            boolean failed = !outcome.isAnswer();
            DnssecStatus s = failed && status != DnssecStatus.BOGUS ? DnssecStatus.INDETERMINATE : status;
            Optional<String> reason = reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
            DnsAnswer a = new DnsAnswer(
                    name.toString(),
                    Type.string(type),
                    outcome,
                    failed ? List.of() : records,
                    cnames,
                    s,
                    reason,
                    server,
                    tcp,
                    false,
                    elapsed,
                    error);
            long millis = failed ? FAILURE_TTL_MILLIS : Math.min(ttl, MAX_TTL_SECONDS) * 1000L;
            return new Resolved(a, millis);
        }

        Resolved error(String message) {
            return answer(DnsOutcome.ERROR, List.of(), 0, Optional.of(message));
        }
    }

    private CompletableFuture<Resolved> follow(Chain chain, Name current) {
        return step(current, chain.type).thenCompose(step -> {
            chain.absorb(step);
            if (step.failure() != null) {
                return done(chain.answer(step.failure(), List.of(), 0, step.error()));
            }
            Message m = step.response();
            List<Record> answer = m.getSection(Section.ANSWER);
            Name cur = current;
            // Bounded by the chain limit: every pass adds a CNAME or ends the loop.
            while (true) {
                List<Record> hits = new ArrayList<>();
                CNAMERecord cname = null;
                for (Record r : answer) {
                    if (r.getDClass() != DClass.IN || !r.getName().equals(cur)) {
                        continue;
                    }
                    if (r.getType() == chain.type) {
                        hits.add(r);
                    } else if (r instanceof CNAMERecord c && cname == null) {
                        cname = c;
                    }
                }
                if (!hits.isEmpty()) {
                    long ttl = chain.ttlSeconds;
                    for (Record r : hits) {
                        ttl = Math.min(ttl, r.getTTL());
                    }
                    return done(chain.answer(DnsOutcome.OK, hits, ttl, Optional.empty()));
                }
                if (cname == null) {
                    break;
                }
                chain.cnames.add(cname);
                chain.ttlSeconds = Math.min(chain.ttlSeconds, cname.getTTL());
                Name target = cname.getTarget();
                if (!chain.visited.add(target)) {
                    return done(chain.error("CNAME loop at " + target));
                }
                if (chain.cnames.size() > settings.maxCnameChain()) {
                    return done(chain.error("CNAME chain longer than " + settings.maxCnameChain() + " at " + cur));
                }
                cur = target;
            }
            long negativeTtl = negativeTtl(m, chain.ttlSeconds);
            if (m.getRcode() == Rcode.NXDOMAIN) {
                return done(chain.answer(DnsOutcome.NXDOMAIN, List.of(), negativeTtl, Optional.empty()));
            }
            if (cur.equals(current) || hasSoa(m)) {
                return done(chain.answer(DnsOutcome.NODATA, List.of(), negativeTtl, Optional.empty()));
            }
            // The server gave the CNAME but not what it points to (e.g. an authoritative server for
            // a target outside its zones): ask for the target ourselves.
            return follow(chain, cur);
        });
    }

    private static CompletableFuture<Resolved> done(Resolved r) {
        return CompletableFuture.completedFuture(r);
    }

    private static boolean hasSoa(Message m) {
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord) {
                return true;
            }
        }
        return false;
    }

    /** RFC 2308 §5: a negative answer lives min(SOA TTL, SOA MINIMUM); without SOA it is not cached. */
    static long negativeTtl(Message m, long cap) {
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Math.min(cap, Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return 0;
    }

    static DnssecStatus worst(DnssecStatus a, DnssecStatus b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(DnssecStatus s) {
        return switch (s) {
            case SECURE -> 0;
            case INSECURE -> 1;
            case INDETERMINATE -> 2;
            case BOGUS -> 3;
        };
    }

    // ---- one network step, by DNSSEC mode ---------------------------------------------------

    private CompletableFuture<Step> step(Name name, int type) {
        return validator != null ? validatingStep(name, type) : trustAdStep(name, type);
    }

    /**
     * TRUST_AD: the configured resolver validates. AD=1 is SECURE, AD=0 INSECURE (RFC 4035 §3.2.3,
     * §4.9.3: a stub may only trust AD over a secure path to a validating resolver it trusts). A
     * SERVFAIL is asked again with CD=1 (RFC 4035 §3.2.2): if the resolver then answers, the
     * failure was validation and the answer is BOGUS, with the unvalidated data kept as evidence.
     */
    private CompletableFuture<Step> trustAdStep(Name name, int type) {
        return transport
                .send(Queries.query(name, type, false, udpPayload))
                .thenApply(ex -> {
                    boolean ad = ex.response().getHeader().getFlag(Flags.AD);
                    Optional<String> reason = ad ? Optional.empty() : Ede.describe(ex.response());
                    return new Step(
                            null,
                            ex.response(),
                            ad ? DnssecStatus.SECURE : DnssecStatus.INSECURE,
                            reason,
                            ex.server(),
                            ex.tcp(),
                            ex.elapsed(),
                            Optional.empty());
                })
                .exceptionallyCompose(t -> {
                    TransportException te = asTransport(t);
                    if (te.outcome() != DnsOutcome.SERVFAIL) {
                        return CompletableFuture.completedFuture(
                                Step.failed(te, DnssecStatus.INDETERMINATE, Optional.empty(), te.getMessage()));
                    }
                    return transport
                            .send(Queries.query(name, type, true, udpPayload))
                            .handle((cd, cdError) -> {
                                if (cd == null) {
                                    return Step.failed(
                                            te, DnssecStatus.INDETERMINATE, Optional.empty(), te.getMessage());
                                }
                                String reason = te.response()
                                        .flatMap(Ede::describe)
                                        .orElse(
                                                "the resolver answers with checking disabled (CD=1) but fails with validation");
                                return Step.failed(
                                        te,
                                        DnssecStatus.BOGUS,
                                        Optional.of(reason + evidence(cd.response())),
                                        bogus(name, type));
                            });
                });
    }

    /**
     * VALIDATE: dnsjava's validator asks our servers with CD=1 and checks the chain of trust from
     * the configured anchors. AD set on its result is SECURE; NOERROR/NXDOMAIN without AD is
     * INSECURE (provably unsigned, or outside every trust anchor); SERVFAIL is the validator's
     * verdict BOGUS, its reason read from EDE/the reason TXT, the raw data kept as evidence.
     */
    private CompletableFuture<Step> validatingStep(Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        PendingKey key = new PendingKey(query.getHeader().getID(), name, type);
        AtomicReference<Exchange> primary = new AtomicReference<>();
        pending.put(key, primary);
        CompletableFuture<Message> validated;
        try {
            validated = validator.sendAsync(query, executor).toCompletableFuture();
        } catch (RuntimeException e) {
            validated = CompletableFuture.failedFuture(e);
        }
        return validated.handle((m, t) -> {
            pending.remove(key, primary);
            Exchange raw = primary.get();
            if (t != null) {
                TransportException te = asTransport(t);
                if (raw != null) {
                    // The question was answered but the DS/DNSKEY chase failed (e.g. a private lab
                    // whose servers do not serve the root): the data stands, its status is unknown.
                    String why = "validation could not complete: " + te.getMessage();
                    int rawRcode = raw.response().getRcode();
                    if (rawRcode == Rcode.NOERROR || rawRcode == Rcode.NXDOMAIN) {
                        return new Step(
                                null,
                                raw.response(),
                                DnssecStatus.INDETERMINATE,
                                Optional.of(why),
                                raw.server(),
                                raw.tcp(),
                                raw.elapsed(),
                                Optional.empty());
                    }
                    return Step.failed(te, DnssecStatus.INDETERMINATE, Optional.of(why), why);
                }
                return Step.failed(te, DnssecStatus.INDETERMINATE, Optional.empty(), te.getMessage());
            }
            String server = raw != null ? raw.server() : "";
            boolean tcp = raw != null && raw.tcp();
            Duration elapsed = raw != null ? raw.elapsed() : Duration.ZERO;
            int rcode = m.getRcode();
            if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                boolean ad = m.getHeader().getFlag(Flags.AD);
                Optional<String> reason = ad ? Optional.empty() : Ede.describe(m);
                return new Step(
                        null,
                        m,
                        ad ? DnssecStatus.SECURE : DnssecStatus.INSECURE,
                        reason,
                        server,
                        tcp,
                        elapsed,
                        Optional.empty());
            }
            String reason = Ede.describe(m).orElse("validation failed (" + Rcode.string(rcode) + ")")
                    + (raw != null ? evidence(raw.response()) : "");
            return new Step(
                    DnsOutcome.SERVFAIL,
                    null,
                    DnssecStatus.BOGUS,
                    Optional.of(reason),
                    server,
                    tcp,
                    elapsed,
                    Optional.of(bogus(name, type)));
        });
    }

    /**
     * Asks once with checking disabled (CD=1, RFC 4035 §3.2.2): the data as the servers serve it,
     * unvalidated, with the RRSIGs that cover it. For diagnosing a BOGUS answer (which key the DS
     * matches, when the signatures expire); never cached, status {@code INDETERMINATE}.
     */
    public CompletableFuture<DnsAnswer> resolveUnvalidated(Name name, int type) {
        long start = System.nanoTime();
        CompletableFuture<Exchange> sent;
        try {
            sent = transport.send(Queries.query(name, type, true, udpPayload));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((ex, t) -> {
            if (t != null) {
                TransportException te = asTransport(t);
                return new DnsAnswer(
                        name.toString(),
                        Type.string(type),
                        te.outcome(),
                        List.of(),
                        List.of(),
                        DnssecStatus.INDETERMINATE,
                        Optional.empty(),
                        te.server(),
                        false,
                        false,
                        Duration.ofNanos(System.nanoTime() - start),
                        Optional.of(te.getMessage()));
            }
            Message m = ex.response();
            List<Record> records = new ArrayList<>();
            for (Record r : m.getSection(Section.ANSWER)) {
                if (r.getName().equals(name) && (r.getType() == type || r.getType() == Type.RRSIG)) {
                    records.add(r);
                }
            }
            DnsOutcome outcome = m.getRcode() == Rcode.NXDOMAIN
                    ? DnsOutcome.NXDOMAIN
                    : records.stream().anyMatch(r -> r.getType() == type) ? DnsOutcome.OK : DnsOutcome.NODATA;
            return new DnsAnswer(
                    name.toString(),
                    Type.string(type),
                    outcome,
                    outcome == DnsOutcome.OK ? records : List.of(),
                    List.of(),
                    DnssecStatus.INDETERMINATE,
                    Optional.empty(),
                    ex.server(),
                    ex.tcp(),
                    false,
                    ex.elapsed(),
                    Optional.empty());
        });
    }

    private static TransportException asTransport(Throwable t) {
        Throwable c = Transport.unwrap(t);
        if (c instanceof TransportException te) {
            return te;
        }
        if (c instanceof TimeoutException) {
            return new TransportException(DnsOutcome.TIMEOUT, "", "timeout", null);
        }
        return new TransportException(DnsOutcome.ERROR, "", "resolver failure: " + c, null);
    }

    /**
     * The error of a BOGUS answer, in plain words: finding messages quote it. The validator's reason
     * (extended errors) and the unvalidated data are in {@link DnsAnswer#dnssecReason()}, which is
     * evidence only.
     */
    private static String bogus(Name name, int type) {
        return "DNSSEC validation failed for " + name + " " + Type.string(type)
                + ": validating resolvers answer SERVFAIL";
    }

    /** The unvalidated answer section, so a BOGUS verdict shows what was served. */
    private static String evidence(Message m) {
        StringBuilder sb = new StringBuilder("; unvalidated data (CD=1): ");
        List<Record> answer = m.getSection(Section.ANSWER);
        if (answer.isEmpty()) {
            sb.append(Rcode.string(m.getRcode())).append(" with no answer records");
        }
        for (int i = 0; i < answer.size(); i++) {
            if (i > 0) {
                sb.append(" | ");
            }
            sb.append(answer.get(i).toString().replace('\t', ' '));
            if (sb.length() > MAX_EVIDENCE_CHARS) {
                sb.setLength(MAX_EVIDENCE_CHARS);
                sb.append("...");
                break;
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        transport.close();
        executor.shutdownNow();
        // The cache goes with the engine: emptying it entry by entry (Caffeine removes each one
        // with its upkeep) took about 1 % of a bulk run's CPU, at its very end, for nothing.
    }
}
