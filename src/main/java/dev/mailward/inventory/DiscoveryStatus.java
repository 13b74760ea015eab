package dev.mailward.inventory;

/**
 * Where MX/SRV discovery of a domain stands. {@link #FAILED} means the DNS could not answer
 * (timeout, SERVFAIL, ...) and says nothing about the domain; it is never shown as "no MX".
 */
public enum DiscoveryStatus {
    /** Queued, not yet run (bulk import runs discovery in the background). */
    PENDING,
    /** Running now. */
    RUNNING,
    /** MX records found and their hosts recorded. */
    MX_FOUND,
    /** No MX records: mail goes to the domain's own A/AAAA (RFC 5321 §5.1 implicit MX). */
    IMPLICIT_MX,
    /** The domain publishes a null MX ({@code 0 .}, RFC 7505): it accepts no mail. */
    NULL_MX,
    /** Neither MX nor A/AAAA, or the name does not exist: no mail can be delivered. */
    NO_MAIL,
    /** The DNS did not answer; the message says which query and why. */
    FAILED;

    /** Whether discovery finished with an answer from the DNS. */
    public boolean isDone() {
        return this != PENDING && this != RUNNING;
    }
}
