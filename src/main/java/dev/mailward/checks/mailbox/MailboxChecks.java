package dev.mailward.checks.mailbox;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.checks.smtp.Banners;
import dev.mailward.checks.tls.ProbeEvidence;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mailbox judgement (CHECKS.md "mailbox"): IMAP 143/993, POP3 110/995, ManageSieve 4190:
 * {@code starttls} or {@code implicit-tls}, {@code auth-before-tls} (plain-text endpoints only)
 * and {@code banner}; pure functions of an {@link EndpointObservation}.
 */
public final class MailboxChecks {

    private MailboxChecks() {}

    public static List<CheckResult> judge(
            Endpoint endpoint, EndpointObservation o, Instant checkedAt, Duration elapsed) {
        String target = endpoint.target();
        Evidence ev = ProbeEvidence.session(o).build();
        Protocol p = endpoint.protocol();
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.of(
                p.implicitTls() ? "implicit-tls" : "starttls", target, List.of(tls(o, p)), ev, checkedAt, elapsed));
        if (!p.implicitTls()) {
            results.add(
                    CheckResult.of("auth-before-tls", target, List.of(authBeforeTls(o, p)), ev, checkedAt, elapsed));
        }
        results.add(CheckResult.of("banner", target, List.of(banner(o)), ev, checkedAt, elapsed));
        return results;
    }

    static Finding tls(EndpointObservation o, Protocol p) {
        boolean sieve = p == Protocol.MANAGESIEVE;
        String command = p == Protocol.POP3 ? "STLS" : "STARTTLS";
        if (o.tls().isPresent()) {
            String how = o.tls().get().version().label() + " " + o.tls().get().cipherSuite();
            if (p.implicitTls()) {
                return Finding.of(MailboxCode.MAILBOX_IMPLICIT_TLS_OK, Status.PASS, "implicit TLS completes: " + how);
            }
            return Finding.of(
                    sieve ? MailboxCode.SIEVE_STARTTLS_OK : MailboxCode.MAILBOX_STARTTLS_OK,
                    Status.PASS,
                    command + " offered and completes: " + how);
        }
        MailboxCode notTestable = sieve ? MailboxCode.SIEVE_TLS_NOT_TESTABLE : MailboxCode.MAILBOX_TLS_NOT_TESTABLE;
        if (o.tlsFailure().isPresent()) {
            var f = o.tlsFailure().get();
            if (!f.refused()) {
                return Finding.of(notTestable, Status.ERROR, "TLS not testable: " + f.reason());
            }
            MailboxCode failed = p.implicitTls()
                    ? MailboxCode.MAILBOX_IMPLICIT_TLS_FAILED
                    : sieve ? MailboxCode.SIEVE_STARTTLS_FAILED : MailboxCode.MAILBOX_STARTTLS_FAILED;
            return Finding.of(
                    failed,
                    Status.FAIL,
                    (p.implicitTls() ? "implicit TLS fails: " : command + " offered but fails: ") + f.reason());
        }
        if (!p.implicitTls() && o.capabilitiesBeforeTls().isPresent() && !o.tlsOffered()) {
            // RFC 2595 §3-4, RFC 5804 §2.2, RFC 8314 §5: mailbox access only over TLS
            return Finding.of(
                    sieve ? MailboxCode.SIEVE_STARTTLS_MISSING : MailboxCode.MAILBOX_STARTTLS_MISSING,
                    Status.FAIL,
                    command + " not offered (capabilities: "
                            + String.join(", ", o.capabilitiesBeforeTls().get()) + ")");
        }
        return Finding.of(notTestable, Status.ERROR, ProbeEvidence.notTestable(o, "TLS"));
    }

    static Finding authBeforeTls(EndpointObservation o, Protocol p) {
        Optional<List<String>> caps = o.capabilitiesBeforeTls();
        switch (p) {
            case IMAP -> {
                if (caps.isEmpty()) {
                    return Finding.of(
                            MailboxCode.MAILBOX_AUTH_NOT_TESTABLE,
                            Status.ERROR,
                            ProbeEvidence.notTestable(o, "LOGINDISABLED"));
                }
                // RFC 9051 §6.2.3 / RFC 2595 §3.2: LOGINDISABLED until TLS
                if (caps.get().contains("LOGINDISABLED")) {
                    return Finding.of(
                            MailboxCode.IMAP_LOGINDISABLED, Status.PASS, "LOGINDISABLED advertised before STARTTLS");
                }
                return Finding.of(
                        MailboxCode.IMAP_LOGIN_ALLOWED_IN_CLEAR,
                        Status.FAIL,
                        "LOGINDISABLED not advertised before STARTTLS (capabilities: " + String.join(" ", caps.get())
                                + "): passwords may cross in clear");
            }
            case POP3 -> {
                Optional<Reply> user = o.reply("USER");
                if (user.isEmpty()
                        || user.get().status().equals("ERROR")
                        || user.get().status().equals("?")) {
                    return Finding.of(
                            MailboxCode.MAILBOX_AUTH_NOT_TESTABLE,
                            Status.ERROR,
                            "USER probe not testable: "
                                    + user.map(Reply::text)
                                            .orElse(o.notTestable().orElse("not attempted")));
                }
                if (user.get().status().equals("+OK")) {
                    return Finding.of(
                            MailboxCode.POP3_USER_ACCEPTED_IN_CLEAR,
                            Status.FAIL,
                            "USER accepted before STLS ('" + user.get().text() + "'): passwords may cross in clear");
                }
                return Finding.of(
                        MailboxCode.POP3_USER_REFUSED_IN_CLEAR,
                        Status.PASS,
                        "USER refused before STLS: '" + user.get().text() + "'");
            }
            case MANAGESIEVE -> {
                if (caps.isEmpty()) {
                    return Finding.of(
                            MailboxCode.SIEVE_AUTH_NOT_TESTABLE,
                            Status.ERROR,
                            ProbeEvidence.notTestable(o, "SASL exposure"));
                }
                String sasl = caps.get().stream()
                        .filter(c -> c.startsWith("SASL"))
                        .findFirst()
                        .orElse("SASL")
                        .substring(4)
                        .strip();
                // RFC 5804 §2.1: PLAIN only after TLS
                if ((" " + sasl + " ").matches(".* (PLAIN|LOGIN) .*")) {
                    return Finding.of(
                            MailboxCode.SIEVE_PLAINTEXT_SASL, Status.FAIL, "SASL " + sasl + " offered before STARTTLS");
                }
                return Finding.of(
                        MailboxCode.SIEVE_NO_PLAINTEXT_SASL,
                        Status.PASS,
                        "no plaintext SASL before STARTTLS" + (sasl.isEmpty() ? "" : " (SASL " + sasl + ")"));
            }
            default -> {
                return Finding.of(
                        MailboxCode.MAILBOX_AUTH_NOT_TESTABLE,
                        Status.NOT_APPLICABLE,
                        "implicit TLS: nothing is exchanged in clear");
            }
        }
    }

    static Finding banner(EndpointObservation o) {
        if (o.greeting().isEmpty()) {
            return Finding.of(
                    MailboxCode.MAILBOX_BANNER_NOT_TESTABLE, Status.ERROR, ProbeEvidence.notTestable(o, "greeting"));
        }
        String text = o.greeting().get().lines().getFirst();
        Optional<String> reveals = Banners.reveals(text);
        return reveals.map(r -> Finding.of(
                        MailboxCode.MAILBOX_BANNER_REVEALS_SOFTWARE,
                        Status.WARN,
                        "greeting '" + text + "' reveals " + r))
                .orElseGet(() -> Finding.of(
                        MailboxCode.MAILBOX_BANNER_OK,
                        Status.PASS,
                        "greeting '" + text + "' reveals no software or version"));
    }
}
