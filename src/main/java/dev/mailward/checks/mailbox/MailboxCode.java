package dev.mailward.checks.mailbox;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the mailbox endpoint family: IMAP, POP3 (mailbox-access) and ManageSieve (sieve). */
public enum MailboxCode implements FindingCode {
    MAILBOX_STARTTLS_OK(Mitigation.MAILBOX_ACCESS, "STARTTLS/STLS offered and completes"),
    MAILBOX_STARTTLS_MISSING(Mitigation.MAILBOX_ACCESS, "STARTTLS/STLS not offered"),
    MAILBOX_STARTTLS_FAILED(Mitigation.MAILBOX_ACCESS, "STARTTLS/STLS offered but TLS fails"),
    MAILBOX_IMPLICIT_TLS_OK(Mitigation.MAILBOX_ACCESS, "Implicit TLS completes"),
    MAILBOX_IMPLICIT_TLS_FAILED(Mitigation.MAILBOX_ACCESS, "Implicit TLS fails"),
    MAILBOX_TLS_NOT_TESTABLE(Mitigation.MAILBOX_ACCESS, "TLS could not be tested"),
    IMAP_LOGINDISABLED(Mitigation.MAILBOX_ACCESS, "IMAP advertises LOGINDISABLED before TLS"),
    IMAP_LOGIN_ALLOWED_IN_CLEAR(Mitigation.MAILBOX_ACCESS, "IMAP allows LOGIN before TLS"),
    POP3_USER_REFUSED_IN_CLEAR(Mitigation.MAILBOX_ACCESS, "POP3 refuses USER before TLS"),
    POP3_USER_ACCEPTED_IN_CLEAR(Mitigation.MAILBOX_ACCESS, "POP3 accepts USER before TLS"),
    MAILBOX_AUTH_NOT_TESTABLE(Mitigation.MAILBOX_ACCESS, "Plaintext login exposure could not be tested"),
    SIEVE_STARTTLS_OK(Mitigation.SIEVE, "ManageSieve STARTTLS offered and completes"),
    SIEVE_STARTTLS_MISSING(Mitigation.SIEVE, "ManageSieve STARTTLS not offered"),
    SIEVE_STARTTLS_FAILED(Mitigation.SIEVE, "ManageSieve STARTTLS offered but TLS fails"),
    SIEVE_TLS_NOT_TESTABLE(Mitigation.SIEVE, "ManageSieve TLS could not be tested"),
    SIEVE_NO_PLAINTEXT_SASL(Mitigation.SIEVE, "ManageSieve offers no plaintext SASL before TLS"),
    SIEVE_PLAINTEXT_SASL(Mitigation.SIEVE, "ManageSieve offers SASL PLAIN/LOGIN before TLS"),
    SIEVE_AUTH_NOT_TESTABLE(Mitigation.SIEVE, "ManageSieve SASL exposure could not be tested"),
    MAILBOX_BANNER_OK(Mitigation.MAINTAINED_MTA, "Greeting reveals no software or version"),
    MAILBOX_BANNER_REVEALS_SOFTWARE(Mitigation.MAINTAINED_MTA, "Greeting reveals software or version"),
    MAILBOX_BANNER_NOT_TESTABLE(Mitigation.MAINTAINED_MTA, "Greeting could not be read");

    private final Mitigation mitigation;
    private final String title;

    MailboxCode(Mitigation mitigation, String title) {
        this.mitigation = mitigation;
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return mitigation;
    }

    @Override
    public String title() {
        return title;
    }
}
