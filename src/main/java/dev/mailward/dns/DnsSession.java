package dev.mailward.dns;

import java.util.List;

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

    /** Every answer this session returned, in order (the evidence of the check). */
    List<DnsAnswer> answers();

    /** Number of lookups made through this session (cache hits included). */
    int lookups();

    /** True once a lookup was refused because the budget was spent. */
    boolean budgetExhausted();
}
