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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                CheckResult.of(
                        "vrfy", target, List.of(vrfy(o, "VRFY")), addressEvidence(o, "VRFY"), checkedAt, elapsed),
                CheckResult.of(
                        "expn", target, List.of(vrfy(o, "EXPN")), addressEvidence(o, "EXPN"), checkedAt, elapsed),
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

    /**
     * CHECKS.md "smtp (25)", VRFY and EXPN. RFC 5321 §3.5.3: 250/251 confirm an address, 252
     * "cannot verify" neither confirms nor denies, 550 denies. One answer alone shows nothing: a
     * server that answers {@code postmaster} (which every server has, RFC 5321 §4.5.1) otherwise
     * than a random local part nobody has lets anyone sort real addresses from guesses (e.g. Postfix
     * with {@code disable_vrfy_command = no}: 252 for a mailbox, 550 5.1.1 for a stranger). The same
     * answer for both, or the command refused (500/502), is not enumerable. Whether EHLO lists the
     * command is evidence, not a verdict; a temporary (4xx) answer tells nothing either way.
     */
    static Finding vrfy(EndpointObservation o, String command) {
        boolean isVrfy = command.equals("VRFY");
        SmtpCode notTestable = isVrfy ? SmtpCode.SMTP_VRFY_NOT_TESTABLE : SmtpCode.SMTP_EXPN_NOT_TESTABLE;
        SmtpCode enumerable = isVrfy ? SmtpCode.SMTP_VRFY_ENABLED : SmtpCode.SMTP_EXPN_ENABLED;
        SmtpCode safe = isVrfy ? SmtpCode.SMTP_VRFY_DISABLED : SmtpCode.SMTP_EXPN_DISABLED;
        Optional<Reply> known = o.reply(command);
        Optional<Reply> unknown = o.reply(command + EndpointObservation.UNKNOWN_SUFFIX);
        if (known.isEmpty() || (unknown.isEmpty() && o.unknownLocalPart().isPresent())) {
            String why = o.tlsFailure().isPresent() && o.notTestable().isEmpty()
                    ? command + " not testable: TLS failed: "
                            + o.tlsFailure().get().reason()
                    : ProbeEvidence.notTestable(o, command);
            return Finding.of(notTestable, Status.ERROR, why);
        }
        Reply k = known.get();
        if (unknown.isEmpty()) {
            // an observation stored before the random local part was asked about: only what one answer shows
            if (refused(k)) {
                return Finding.of(safe, Status.PASS, command + " is refused (" + k.status() + ")");
            }
            if (confirms(k)) {
                return Finding.of(
                        enumerable,
                        Status.WARN,
                        command + " confirms addresses (" + k.status()
                                + " for postmaster): anyone can find out which addresses exist");
            }
            return Finding.of(
                    notTestable,
                    Status.ERROR,
                    command + " answered " + k.status() + " for postmaster; whether it answers an address that"
                            + " does not exist otherwise was not measured in this (older) observation");
        }
        Reply u = unknown.get();
        if (k.smtpClass() == '4' || u.smtpClass() == '4') {
            return Finding.of(
                    notTestable,
                    Status.ERROR,
                    command + " was answered with a temporary error (" + k.status() + " / " + u.status()
                            + "): whether it tells existing addresses from made-up ones could not be determined");
        }
        if (!answer(k).equals(answer(u))) {
            return Finding.of(
                    enumerable,
                    Status.WARN,
                    command + " answers an existing mailbox (postmaster: " + answer(k)
                            + ") otherwise than a made-up address (" + answer(u)
                            + "): anyone can find out which addresses exist (address enumeration)");
        }
        if (refused(k)) {
            return Finding.of(safe, Status.PASS, command + " is refused (" + k.status() + ")");
        }
        return Finding.of(
                safe,
                Status.PASS,
                command + " answers postmaster and a made-up address alike (" + answer(k)
                        + "): it does not tell which addresses exist");
    }

    /**
     * Whether VRFY told an existing mailbox from a random address ({@code true}), did not
     * ({@code false}), or could not be judged (empty): the {@code vrfy} verdict as a fact, for the
     * configuration correlation.
     */
    public static Optional<Boolean> vrfyEnumerable(EndpointObservation o) {
        Finding f = vrfy(o, "VRFY");
        return switch (f.status()) {
            case WARN -> Optional.of(true);
            case PASS -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** 500 (not recognised), 502 (not implemented or disabled), 504: the command is refused. */
    private static boolean refused(Reply r) {
        return r.status().equals("500")
                || r.status().equals("502")
                || r.status().equals("504");
    }

    /** 250/251: the address is confirmed (RFC 5321 §3.5.3). */
    private static boolean confirms(Reply r) {
        return r.status().equals("250") || r.status().equals("251");
    }

    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b.*");

    /**
     * What a reply says, without the text that repeats the address asked about: the reply code and
     * the enhanced status code (RFC 3463) when there is one, e.g. {@code 550 5.1.1}.
     */
    static String answer(Reply r) {
        if (!r.lines().isEmpty()) {
            Matcher m = ENHANCED.matcher(r.lines().getFirst());
            if (m.matches()) {
                return r.status() + " " + m.group(1);
            }
        }
        return r.status();
    }

    /** The session's evidence plus both answers of {@code command} and whether EHLO advertised it. */
    static Evidence addressEvidence(EndpointObservation o, String command) {
        Map<String, Object> d = new LinkedHashMap<>();
        o.reply(command).ifPresent(r -> d.put("postmaster", r.text()));
        o.unknownLocalPart().ifPresent(l -> d.put("randomLocalPart", l));
        o.reply(command + EndpointObservation.UNKNOWN_SUFFIX).ifPresent(r -> d.put("random", r.text()));
        List<String> ehlo =
                o.capabilitiesAfterTls().or(o::capabilitiesBeforeTls).orElse(List.of());
        if (o.capabilitiesAfterTls().isPresent() || o.capabilitiesBeforeTls().isPresent()) {
            d.put("advertisedInEhlo", ehlo.stream().anyMatch(c -> c.equals(command) || c.startsWith(command + " ")));
        }
        return ProbeEvidence.session(o)
                .detail(command.toLowerCase(Locale.ROOT), d)
                .build();
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
