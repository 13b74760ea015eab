package dev.mailward.checks.smtp;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.checks.tls.ProbeEvidence;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SMTP judgement of an endpoint (CHECKS.md "smtp" and "submission"): {@code starttls} or
 * {@code implicit-tls}, {@code auth-before-tls}, {@code open-relay}, {@code vrfy}, {@code expn},
 * {@code banner}; pure functions of an {@link EndpointObservation}.
 */
public final class SmtpChecks {

    private SmtpChecks() {}

    public static List<CheckResult> judge(
            Endpoint endpoint, EndpointObservation o, Instant checkedAt, Duration elapsed) {
        String target = endpoint.target();
        Evidence ev = ProbeEvidence.session(o).build();
        boolean implicit = endpoint.protocol().implicitTls();
        return List.of(
                CheckResult.of(
                        implicit ? "implicit-tls" : "starttls",
                        target,
                        List.of(tls(o, implicit)),
                        ev,
                        checkedAt,
                        elapsed),
                CheckResult.of(
                        "auth-before-tls",
                        target,
                        List.of(authBeforeTls(o, endpoint.protocol())),
                        ev,
                        checkedAt,
                        elapsed),
                CheckResult.of("open-relay", target, List.of(relay(o)), ev, checkedAt, elapsed),
                CheckResult.of("vrfy", target, List.of(vrfy(o, "VRFY")), ev, checkedAt, elapsed),
                CheckResult.of("expn", target, List.of(vrfy(o, "EXPN")), ev, checkedAt, elapsed),
                CheckResult.of("banner", target, List.of(banner(o)), ev, checkedAt, elapsed));
    }

    static Finding tls(EndpointObservation o, boolean implicit) {
        if (o.tls().isPresent()) {
            String how = o.tls().get().version().label() + " " + o.tls().get().cipherSuite();
            return implicit
                    ? Finding.of(SmtpCode.SMTP_IMPLICIT_TLS_OK, Status.PASS, "implicit TLS completes: " + how)
                    : Finding.of(SmtpCode.SMTP_STARTTLS_OK, Status.PASS, "STARTTLS offered and completes: " + how);
        }
        if (o.tlsFailure().isPresent()) {
            var failure = o.tlsFailure().get();
            if (!failure.refused()) {
                return Finding.of(
                        SmtpCode.SMTP_TLS_NOT_TESTABLE, Status.ERROR, "TLS not testable: " + failure.reason());
            }
            return Finding.of(
                    implicit ? SmtpCode.SMTP_IMPLICIT_TLS_FAILED : SmtpCode.SMTP_STARTTLS_FAILED,
                    Status.FAIL,
                    (implicit ? "implicit TLS fails: " : "STARTTLS offered but fails: ") + failure.reason());
        }
        if (!implicit && o.capabilitiesBeforeTls().isPresent() && !o.tlsOffered()) {
            // RFC 3207; RFC 8314 and NCSC-NL expect STARTTLS on every MX
            return Finding.of(
                    SmtpCode.SMTP_STARTTLS_MISSING,
                    Status.FAIL,
                    "STARTTLS not offered in EHLO ("
                            + String.join(", ", o.capabilitiesBeforeTls().get()) + ")");
        }
        return Finding.of(SmtpCode.SMTP_TLS_NOT_TESTABLE, Status.ERROR, ProbeEvidence.notTestable(o, "TLS"));
    }

    static Finding authBeforeTls(EndpointObservation o, Protocol protocol) {
        if (protocol.implicitTls()) {
            // only a completed handshake shows TLS from the first byte; an endpoint never contacted,
            // or one that did not speak TLS, may well offer AUTH in clear
            if (o.tls().isPresent()) {
                return Finding.of(
                        SmtpCode.SUBMISSION_AUTH_ONLY_UNDER_TLS,
                        Status.PASS,
                        "implicit TLS: nothing, AUTH included, is exchanged in clear");
            }
            return Finding.of(
                    SmtpCode.SMTP_AUTH_NOT_TESTABLE,
                    Status.ERROR,
                    o.tlsFailure()
                            .map(f -> "AUTH before TLS not testable: implicit TLS failed: " + f.reason())
                            .orElseGet(() -> ProbeEvidence.notTestable(o, "AUTH before TLS")));
        }
        if (o.capabilitiesBeforeTls().isEmpty()) {
            return Finding.of(
                    SmtpCode.SMTP_AUTH_NOT_TESTABLE, Status.ERROR, ProbeEvidence.notTestable(o, "AUTH before TLS"));
        }
        Optional<String> auth = mechanisms(o.capabilitiesBeforeTls().get());
        boolean submission = protocol == Protocol.SUBMISSION;
        if (auth.isPresent()) {
            String mechs = auth.get();
            boolean plaintext = (" " + mechs + " ").matches(".* (PLAIN|LOGIN) .*");
            if (submission) {
                // RFC 8314 §3.3 / RFC 4954 §4: credentials only over TLS
                return Finding.of(
                        SmtpCode.SUBMISSION_AUTH_BEFORE_TLS, Status.FAIL, "AUTH " + mechs + " offered before STARTTLS");
            }
            return plaintext
                    ? Finding.of(
                            SmtpCode.SMTP_PLAINTEXT_AUTH_BEFORE_TLS,
                            Status.FAIL,
                            "AUTH " + mechs + " offered before STARTTLS: passwords could cross in clear")
                    : Finding.of(
                            SmtpCode.SMTP_AUTH_BEFORE_TLS, Status.WARN, "AUTH " + mechs + " offered before STARTTLS");
        }
        if (submission) {
            Optional<String> after = o.capabilitiesAfterTls().flatMap(SmtpChecks::mechanisms);
            if (o.capabilitiesAfterTls().isPresent() && after.isEmpty()) {
                return Finding.of(
                        SmtpCode.SUBMISSION_NO_AUTH,
                        Status.WARN,
                        "no AUTH offered in clear nor under TLS: submission should require authentication");
            }
            return Finding.of(
                    SmtpCode.SUBMISSION_AUTH_ONLY_UNDER_TLS,
                    Status.PASS,
                    "AUTH offered only under TLS" + after.map(m -> ": " + m).orElse(""));
        }
        return Finding.of(SmtpCode.SMTP_NO_AUTH_BEFORE_TLS, Status.PASS, "no AUTH offered before STARTTLS");
    }

    /** The mechanisms of an EHLO {@code AUTH} line (RFC 4954 §3), upper case. */
    static Optional<String> mechanisms(List<String> ehlo) {
        for (String k : ehlo) {
            if (k.equals("AUTH") || k.startsWith("AUTH ") || k.startsWith("AUTH=")) {
                return Optional.of(k.substring(4).strip());
            }
        }
        return Optional.empty();
    }

    /**
     * What the relay attempt (MAIL FROM a foreign sender, RCPT TO an unrelated domain, never DATA)
     * showed: the recipient accepted ({@code true}), the attempt refused at RCPT or already at MAIL
     * ({@code false}), or nothing (the session did not get that far). The {@code open-relay} finding
     * and the configuration correlation both read it from here.
     */
    public static Optional<Boolean> relayAccepted(EndpointObservation o) {
        Optional<Reply> rcpt = o.reply("RCPT");
        if (rcpt.isPresent()) {
            return Optional.of(rcpt.get().smtpClass() == '2');
        }
        Optional<Reply> mail = o.reply("MAIL");
        if (mail.isPresent() && mail.get().smtpClass() != '2') {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    static Finding relay(EndpointObservation o) {
        Optional<Boolean> accepted = relayAccepted(o);
        if (accepted.isPresent()) {
            Optional<Reply> rcpt = o.reply("RCPT");
            if (accepted.get()) {
                return Finding.of(
                        SmtpCode.SMTP_OPEN_RELAY,
                        Status.FAIL,
                        "RCPT TO an unrelated domain accepted without"
                                + " authentication: '" + rcpt.orElseThrow().text()
                                + "'. Some servers accept at RCPT and discard"
                                + " later; the configuration audit, where present, decides");
            }
            return rcpt.isPresent()
                    ? Finding.of(
                            SmtpCode.SMTP_RELAY_REFUSED,
                            Status.PASS,
                            "relay attempt refused: '" + rcpt.get().text() + "'")
                    : Finding.of(
                            SmtpCode.SMTP_RELAY_REFUSED,
                            Status.PASS,
                            "relay attempt refused at MAIL FROM: '"
                                    + o.reply("MAIL").orElseThrow().text() + "'");
        }
        if (o.tlsFailure().isPresent() && o.notTestable().isEmpty()) {
            return Finding.of(
                    SmtpCode.SMTP_RELAY_NOT_TESTABLE,
                    Status.ERROR,
                    "relay not testable: TLS failed: " + o.tlsFailure().get().reason());
        }
        return Finding.of(SmtpCode.SMTP_RELAY_NOT_TESTABLE, Status.ERROR, ProbeEvidence.notTestable(o, "relay"));
    }

    static Finding vrfy(EndpointObservation o, String command) {
        boolean isVrfy = command.equals("VRFY");
        Optional<Reply> r = o.reply(command);
        if (r.isEmpty()) {
            String why = o.tlsFailure().isPresent() && o.notTestable().isEmpty()
                    ? command + " not testable: TLS failed: "
                            + o.tlsFailure().get().reason()
                    : ProbeEvidence.notTestable(o, command);
            return Finding.of(
                    isVrfy ? SmtpCode.SMTP_VRFY_NOT_TESTABLE : SmtpCode.SMTP_EXPN_NOT_TESTABLE, Status.ERROR, why);
        }
        Reply reply = r.get();
        // RFC 5321 §3.5.3: 250/251 confirm; 252 "cannot verify" reveals nothing
        if (reply.status().equals("250") || reply.status().equals("251")) {
            return Finding.of(
                    isVrfy ? SmtpCode.SMTP_VRFY_ENABLED : SmtpCode.SMTP_EXPN_ENABLED,
                    Status.WARN,
                    command + " postmaster answered '" + reply.text() + "': addresses can be enumerated");
        }
        return Finding.of(
                isVrfy ? SmtpCode.SMTP_VRFY_DISABLED : SmtpCode.SMTP_EXPN_DISABLED,
                Status.PASS,
                command + " postmaster answered '" + reply.text() + "'");
    }

    static Finding banner(EndpointObservation o) {
        if (o.greeting().isEmpty()) {
            return Finding.of(SmtpCode.SMTP_BANNER_NOT_TESTABLE, Status.ERROR, ProbeEvidence.notTestable(o, "banner"));
        }
        String text = o.greeting().get().text();
        Optional<String> reveals = Banners.reveals(text);
        if (reveals.isPresent()) {
            return Finding.of(
                    SmtpCode.SMTP_BANNER_REVEALS_SOFTWARE,
                    Status.WARN,
                    "banner '" + text + "' reveals " + reveals.get());
        }
        return Finding.of(
                SmtpCode.SMTP_BANNER_OK,
                Status.PASS,
                "banner '" + text + "' reveals no software or version"
                        + (o.greetingMillis() >= 1000 ? " (greeting took " + o.greetingMillis() + " ms)" : ""));
    }
}
