package dev.mailward.dns;

import dev.mailward.dns.internal.AnswerCache;
import dev.mailward.dns.internal.DnsEngine;
import dev.mailward.dns.internal.DnsNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The production {@link Dns}: dnsjava messages over Mailward's own UDP transport (a few
 * long-lived sockets per server, queries told apart by random ID and question) against the
 * configured servers (or those of {@code /etc/resolv.conf}), TCP fallback on truncation, EDNS0
 * with DO, per-try timeout and retries, a TTL cache with negative caching, and a DNSSEC status on
 * every answer.
 *
 * <p>Thread-safe; one instance is shared by every check. Concurrent identical questions are sent
 * once. {@link #lookup} blocks the calling thread (cheap on virtual threads) for at most
 * {@link #resolutionBound()}; it never throws for bad names or network trouble.
 *
 * <p>DNSSEC status, by {@link DnsSettings.DnssecMode}:
 * <ul>
 *   <li>{@code TRUST_AD}: AD=1 from the resolver is {@code SECURE}, AD=0 {@code INSECURE}; a SERVFAIL
 *   that turns into an answer when asked again with CD=1 is {@code BOGUS} (outcome stays SERVFAIL).</li>
 *   <li>{@code VALIDATE}: dnsjava's {@code ValidatingResolver} with the configured trust anchors (default:
 *   the IANA root anchors); its SERVFAIL verdict is {@code BOGUS} with the validator's reason.</li>
 * </ul>
 * A BOGUS answer has outcome {@code SERVFAIL} and no records (what a validating mail server would
 * see); the unvalidated data is kept as evidence in {@link DnsAnswer#error()}. Failed answers are
 * {@code INDETERMINATE}.
 *
 * <p>Caching: positive answers for the smallest TTL of the chain, NXDOMAIN/NODATA for
 * min(SOA TTL, SOA MINIMUM) (RFC 2308 §5; not at all without SOA), failures for two seconds.
 * Answers from the cache have {@code fromCache = true} and {@code server = "cache"}.
 *
 * <p>Budgets: a {@link DnsSession} charges its budget only for questions the cache could not
 * answer (they may cost several packets: CNAME hops, DNSSEC chase); {@link DnsSession#lookups()}
 * counts every lookup.
 */
public final class DnsClient implements Dns, AutoCloseable {

    private final DnsSettings settings;
    private final DnsEngine engine;

    private DnsClient(DnsSettings settings) {
        this.settings = settings;
        this.engine = DnsEngine.create(settings);
    }

    /**
     * Creates a client. Configuration errors (no servers at all, unreadable trust anchor file)
     * throw {@link IllegalArgumentException} here, not later per answer.
     */
    public static DnsClient create(DnsSettings settings) {
        return new DnsClient(settings);
    }

    public DnsSettings settings() {
        return settings;
    }

    /** Longest time one lookup may take before it answers TIMEOUT by itself. */
    public Duration resolutionBound() {
        return engine.resolutionBound();
    }

    /** Number of answers in the cache now. */
    public int cacheSize() {
        return engine.cacheSize();
    }

    /** The questions this client sent to its resolvers, by outcome (cache hits not counted). */
    public DnsStatistics statistics() {
        return engine.statistics();
    }

    @Override
    public DnsAnswer lookup(String name, int type) {
        return await(lookupAsync(name, type), name, type, Instant.MAX);
    }

    /**
     * Asks one question without blocking. The future never completes exceptionally; invalid names
     * and unsupported types complete at once with an {@link DnsOutcome#ERROR} answer.
     */
    public CompletableFuture<DnsAnswer> lookupAsync(String name, int type) {
        Optional<DnsAnswer> invalid = checkType(name, type);
        if (invalid.isPresent()) {
            return CompletableFuture.completedFuture(invalid.get());
        }
        return switch (DnsNames.parse(name)) {
            case DnsNames.Invalid(String reason) ->
                CompletableFuture.completedFuture(notSent(name, type, DnsOutcome.ERROR, reason));
            case DnsNames.Valid(Name n) -> engine.resolve(n, type);
        };
    }

    @Override
    public DnsSession session(int maxQueries, Instant deadline) {
        return new BudgetedSession(maxQueries, deadline);
    }

    @Override
    public void close() {
        engine.close();
    }

    private DnsAnswer await(CompletableFuture<DnsAnswer> f, String name, int type, Instant deadline) {
        long waitMillis = engine.resolutionBound().toMillis() + 1_000;
        if (!deadline.equals(Instant.MAX)) {
            waitMillis = Math.min(
                    waitMillis,
                    Math.max(0, Duration.between(Instant.now(), deadline).toMillis()));
        }
        try {
            return Deadlines.get(f, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis));
        } catch (TimeoutException e) {
            return notSent(
                    name,
                    type,
                    DnsOutcome.TIMEOUT,
                    "deadline reached while waiting for the answer to " + name + " " + typeName(type));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notSent(
                    name, type, DnsOutcome.TIMEOUT, "interrupted while waiting for " + name + " " + typeName(type));
        } catch (ExecutionException e) {
            return notSent(name, type, DnsOutcome.ERROR, "resolver failure: " + e.getCause());
        }
    }

    private static Optional<DnsAnswer> checkType(String name, int type) {
        if (type < 1 || type > 0xFFFF) {
            return Optional.of(notSent(name, type, DnsOutcome.ERROR, "query type " + type + " is out of range"));
        }
        if (type == Type.OPT || type == Type.AXFR || type == Type.IXFR || type == Type.TSIG || type == Type.TKEY) {
            return Optional.of(
                    notSent(name, type, DnsOutcome.ERROR, "query type " + Type.string(type) + " is not supported"));
        }
        return Optional.empty();
    }

    private static String typeName(int type) {
        return type >= 0 && type <= 0xFFFF ? Type.string(type) : "TYPE" + type;
    }

    private static String displayName(String name) {
        if (name == null) {
            return "";
        }
        return switch (DnsNames.parse(name)) {
            case DnsNames.Valid(Name n) -> n.toString();
            case DnsNames.Invalid i -> name.length() > 300 ? name.substring(0, 300) + "..." : name;
        };
    }

    private static DnsAnswer notSent(String name, int type, DnsOutcome outcome, String error) {
        return new DnsAnswer(
                displayName(name),
                typeName(type),
                outcome,
                List.of(),
                List.of(),
                DnssecStatus.INDETERMINATE,
                Optional.empty(),
                "",
                false,
                false,
                Duration.ZERO,
                Optional.of(error));
    }

    /** One check's budgeted view. Not thread-safe, as the contract says: one check, one session. */
    private final class BudgetedSession implements DnsSession {
        private final int maxQueries;
        private final Instant deadline;
        private final List<DnsAnswer> answers = new ArrayList<>();
        private int lookups;
        private int charged;
        private boolean exhausted;

        BudgetedSession(int maxQueries, Instant deadline) {
            this.maxQueries = maxQueries;
            this.deadline = deadline;
        }

        @Override
        public DnsAnswer lookup(String name, int type) {
            lookups++;
            DnsAnswer a = ask(name, type);
            answers.add(a);
            return a;
        }

        @Override
        public List<DnsAnswer> lookupAll(List<String> names, int type) {
            // Decide and charge in order exactly as lookup() would, then wait for all at once.
            List<CompletableFuture<DnsAnswer>> pending = new ArrayList<>(names.size());
            for (String name : names) {
                lookups++;
                pending.add(start(name, type));
            }
            List<DnsAnswer> out = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                CompletableFuture<DnsAnswer> f = pending.get(i);
                DnsAnswer a =
                        f.isDone() && !f.isCompletedExceptionally() ? f.join() : await(f, names.get(i), type, deadline);
                answers.add(a);
                out.add(a);
            }
            return out;
        }

        @Override
        public DnsAnswer lookupUnvalidated(String name, int type) {
            lookups++;
            DnsAnswer a = switch (DnsNames.parse(name)) {
                case DnsNames.Invalid(String reason) -> notSent(name, type, DnsOutcome.ERROR, reason);
                case DnsNames.Valid(Name n) -> {
                    if (!Instant.now().isBefore(deadline)) {
                        yield notSent(name, type, DnsOutcome.TIMEOUT, "deadline " + deadline + " passed");
                    }
                    if (charged >= maxQueries) {
                        exhausted = true;
                        yield notSent(
                                name, type, DnsOutcome.BUDGET_EXHAUSTED, "budget of " + maxQueries + " queries spent");
                    }
                    charged++;
                    yield await(engine.resolveUnvalidated(n, type), name, type, deadline);
                }
            };
            answers.add(a);
            return a;
        }

        private DnsAnswer ask(String name, int type) {
            CompletableFuture<DnsAnswer> f = start(name, type);
            return f.isDone() && !f.isCompletedExceptionally() ? f.join() : await(f, name, type, deadline);
        }

        /** The answer at once (invalid, cached, refused) or the engine's pending resolution, charged. */
        private CompletableFuture<DnsAnswer> start(String name, int type) {
            Optional<DnsAnswer> invalid = checkType(name, type);
            if (invalid.isPresent()) {
                return CompletableFuture.completedFuture(invalid.get());
            }
            Name n;
            switch (DnsNames.parse(name)) {
                case DnsNames.Invalid(String reason) -> {
                    return CompletableFuture.completedFuture(notSent(name, type, DnsOutcome.ERROR, reason));
                }
                case DnsNames.Valid(Name valid) -> n = valid;
            }
            AnswerCache.Key key = new AnswerCache.Key(n, type);
            Optional<DnsAnswer> hit = engine.cached(key);
            if (hit.isPresent()) {
                return CompletableFuture.completedFuture(hit.get());
            }
            if (!Instant.now().isBefore(deadline)) {
                return CompletableFuture.completedFuture(notSent(
                        name,
                        type,
                        DnsOutcome.TIMEOUT,
                        "deadline " + deadline + " passed before " + n + " " + typeName(type) + " was asked"));
            }
            if (charged >= maxQueries) {
                exhausted = true;
                return CompletableFuture.completedFuture(notSent(
                        name,
                        type,
                        DnsOutcome.BUDGET_EXHAUSTED,
                        "budget of " + maxQueries + " queries spent before " + n + " " + typeName(type)
                                + " was asked"));
            }
            charged++;
            return engine.resolve(key);
        }

        @Override
        public List<DnsAnswer> answers() {
            return Collections.unmodifiableList(answers);
        }

        @Override
        public int lookups() {
            return lookups;
        }

        @Override
        public boolean budgetExhausted() {
            return exhausted;
        }
    }
}
