package dev.mailward.checks;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnssecStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Type;

/**
 * The resolver as one domain's checks see it: every check keeps its own session budget, and all
 * of them together may send at most {@code maxQueries} queries to the network (answers from the
 * cache are free). Once the domain's budget is spent, lookups answer
 * {@link DnsOutcome#BUDGET_EXHAUSTED} and the finding says so.
 */
final class DomainBudgetDns implements Dns {

    private final Dns dns;
    private final int maxQueries;
    private final AtomicInteger remaining;

    DomainBudgetDns(Dns dns, int maxQueries) {
        this.dns = dns;
        this.maxQueries = maxQueries;
        this.remaining = new AtomicInteger(maxQueries);
    }

    @Override
    public DnsAnswer lookup(String name, int type) {
        if (remaining.get() <= 0) {
            return exhausted(name, type);
        }
        DnsAnswer a = dns.lookup(name, type);
        if (!a.fromCache()) {
            remaining.decrementAndGet();
        }
        return a;
    }

    @Override
    public DnsSession session(int maxQueriesPerCheck, Instant deadline) {
        DnsSession inner = dns.session(maxQueriesPerCheck, deadline);
        return new DnsSession() {
            private final List<DnsAnswer> answers = new ArrayList<>();
            private boolean exhausted;

            @Override
            public DnsAnswer lookup(String name, int type) {
                DnsAnswer a;
                if (remaining.get() <= 0) {
                    exhausted = true;
                    a = exhausted(name, type);
                } else {
                    a = inner.lookup(name, type);
                    if (!a.fromCache() && a.outcome() != DnsOutcome.BUDGET_EXHAUSTED) {
                        remaining.decrementAndGet();
                    }
                }
                answers.add(a);
                return a;
            }

            @Override
            public DnsAnswer lookupUnvalidated(String name, int type) {
                DnsAnswer a;
                if (remaining.get() <= 0) {
                    exhausted = true;
                    a = exhausted(name, type);
                } else {
                    a = inner.lookupUnvalidated(name, type);
                    if (a.outcome() != DnsOutcome.BUDGET_EXHAUSTED) {
                        remaining.decrementAndGet();
                    }
                }
                answers.add(a);
                return a;
            }

            @Override
            public List<DnsAnswer> answers() {
                return List.copyOf(answers);
            }

            @Override
            public int lookups() {
                return answers.size();
            }

            @Override
            public boolean budgetExhausted() {
                return exhausted || inner.budgetExhausted();
            }
        };
    }

    private DnsAnswer exhausted(String name, int type) {
        return new DnsAnswer(
                name,
                Type.string(type),
                DnsOutcome.BUDGET_EXHAUSTED,
                List.of(),
                List.of(),
                DnssecStatus.INDETERMINATE,
                Optional.empty(),
                "",
                false,
                false,
                Duration.ZERO,
                Optional.of("the domain's budget of " + maxQueries + " DNS queries is spent"));
    }
}
