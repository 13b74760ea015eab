package dev.mailward.checks;

/**
 * An observation whose targets come from discovery (the MX hosts and their addresses, the SRV targets): whether
 * discovery answered, so that a target the observation lacks is gone rather than unknown. The record stage may retire
 * a target only then (issue 18: an outage must never look like servers that are gone).
 */
public interface DiscoveredTargets {

    /**
     * Whether every discovery question was answered: the MX question and every MX host's address questions, and
     * for the endpoints every SRV question and its targets' address questions. A "no such domain" or "no records"
     * answer is an answer.
     */
    boolean discoveryAnswered();
}
