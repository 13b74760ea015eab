package dev.mailward.checks.smtp;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/** Finding codes of the SMTP endpoint family (ports 25, 587, 465). */
public enum SmtpCode implements FindingCode {
    SMTP_STARTTLS_OK(Mitigation.TLS, "STARTTLS offered and completes"),
    SMTP_STARTTLS_MISSING(Mitigation.TLS, "STARTTLS not offered"),
    SMTP_STARTTLS_FAILED(Mitigation.TLS, "STARTTLS offered but TLS fails"),
    SMTP_IMPLICIT_TLS_OK(Mitigation.TLS, "Implicit TLS completes"),
    SMTP_IMPLICIT_TLS_FAILED(Mitigation.TLS, "Implicit TLS fails"),
    SMTP_TLS_NOT_TESTABLE(Mitigation.TLS, "TLS could not be tested"),
    SMTP_NO_AUTH_BEFORE_TLS(Mitigation.LAYERED_AUTH, "No AUTH before STARTTLS"),
    SMTP_AUTH_BEFORE_TLS(Mitigation.LAYERED_AUTH, "AUTH offered before STARTTLS"),
    SMTP_PLAINTEXT_AUTH_BEFORE_TLS(Mitigation.LAYERED_AUTH, "AUTH PLAIN/LOGIN offered in clear"),
    SUBMISSION_AUTH_ONLY_UNDER_TLS(Mitigation.SASL_SUBMISSION, "Submission offers AUTH only under TLS"),
    SUBMISSION_AUTH_BEFORE_TLS(Mitigation.SASL_SUBMISSION, "Submission offers AUTH in clear"),
    SUBMISSION_NO_AUTH(Mitigation.SASL_SUBMISSION, "Submission offers no AUTH under TLS"),
    SMTP_AUTH_NOT_TESTABLE(Mitigation.LAYERED_AUTH, "AUTH exposure could not be tested"),
    SMTP_RELAY_REFUSED(Mitigation.NO_OPEN_RELAY, "Relay attempt refused"),
    SMTP_OPEN_RELAY(Mitigation.NO_OPEN_RELAY, "Relay attempt accepted at RCPT"),
    SMTP_RELAY_NOT_TESTABLE(Mitigation.NO_OPEN_RELAY, "Relay could not be tested"),
    SMTP_VRFY_DISABLED(Mitigation.MAINTAINED_MTA, "VRFY does not tell which addresses exist"),
    SMTP_VRFY_ENABLED(Mitigation.MAINTAINED_MTA, "VRFY tells existing addresses from made-up ones"),
    SMTP_VRFY_NOT_TESTABLE(Mitigation.MAINTAINED_MTA, "VRFY could not be tested"),
    SMTP_EXPN_DISABLED(Mitigation.MAINTAINED_MTA, "EXPN does not tell which addresses exist"),
    SMTP_EXPN_ENABLED(Mitigation.MAINTAINED_MTA, "EXPN tells existing addresses from made-up ones"),
    SMTP_EXPN_NOT_TESTABLE(Mitigation.MAINTAINED_MTA, "EXPN could not be tested"),
    SMTP_BANNER_OK(Mitigation.MAINTAINED_MTA, "Banner reveals no software version"),
    SMTP_BANNER_REVEALS_SOFTWARE(Mitigation.MAINTAINED_MTA, "Banner reveals software or version"),
    SMTP_BANNER_NOT_TESTABLE(Mitigation.MAINTAINED_MTA, "Banner could not be read");

    private final Mitigation mitigation;
    private final String title;

    SmtpCode(Mitigation mitigation, String title) {
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
