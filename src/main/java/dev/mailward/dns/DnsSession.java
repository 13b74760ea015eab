package dev.mailward.dns;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Type;

/**
 * A budgeted, evidence-collecting view of {@link Dns} for one check run. Not thread-safe: one
 * check uses one session. Once the budget or the deadline is spent, lookups return
 * {@link DnsOutcome#BUDGET_EXHAUSTED} or {@link DnsOutcome#TIMEOUT} without touching the network,
 * and the finding must say so.
 */
public interface DnsSession {

    /** Asks one question within this session's budget and deadline; see {@link Dns#lookup}. */
    DnsAnswer lookup(String name, int type);

    /**
     * Asks several questions of one type as if by {@link #lookup} one after the other (same
     * budget charging, deadline, evidence order and answers), but lets the network queries run
     * concurrently, so independent questions (e.g. DKIM selectors) cost one round trip instead of
     * one each. The default asks them one by one.
     */
    default List<DnsAnswer> lookupAll(List<String> names, int type) {
        List<DnsAnswer> out = new java.util.ArrayList<>(names.size());
        for (String name : names) {
            out.add(lookup(name, type));
        }
        return out;
    }

    /**
     * Asks once with checking disabled (CD=1): the data as served, unvalidated, with the RRSIGs that
     * cover it among the records, status {@link DnssecStatus#INDETERMINATE}. Only to diagnose a
     * BOGUS answer (which key a DS matches, when signatures expire); never cached, charged and kept
     * as evidence like {@link #lookup}. The default (a session that cannot ask so) answers
     * {@link DnsOutcome#ERROR}.
     */
    default DnsAnswer lookupUnvalidated(String name, int type) {
        return new DnsAnswer(
                name,
                Type.string(type),
                DnsOutcome.ERROR,
                List.of(),
                List.of(),
                DnssecStatus.INDETERMINATE,
                Optional.empty(),
                "",
                false,
                false,
                Duration.ZERO,
                Optional.of("this resolver cannot ask with checking disabled"));
    }

    /** Every answer this session returned, in order (the evidence of the check). */
    List<DnsAnswer> answers();

    /** Number of lookups made through this session (cache hits included). */
    int lookups();

    /** True once a lookup was refused because the budget was spent. */
    boolean budgetExhausted();
}
