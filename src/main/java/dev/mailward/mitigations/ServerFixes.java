package dev.mailward.mitigations;

import dev.mailward.checks.Finding;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * Postfix and Dovecot settings that answer the failing findings of one mail server: certificates (paths
 * named after the host, full chain), TLS versions and ciphers, STARTTLS, AUTH only after TLS, VRFY off,
 * relay restrictions. Which kind of problem a finding is comes from its code only. Pure.
 */
final class ServerFixes {

    /** The server software a setting belongs to. */
    enum Software {
        POSTFIX,
        DOVECOT
    }

    /** The kinds of problem a setting answers, in the order the snippet lists them. */
    enum Kind {
        CERTIFICATE,
        TLS_VERSIONS,
        STARTTLS,
        AUTH_AFTER_TLS,
        VRFY,
        RELAY
    }

    private static final Set<Integer> POSTFIX_PORTS = Set.of(25, 465, 587);
    private static final Set<Integer> DOVECOT_PORTS = Set.of(110, 143, 993, 995, 4190);

    private ServerFixes() {}

    /** The software that serves {@code port}, if Mailward writes settings for it. */
    static Optional<Software> software(int port) {
        if (POSTFIX_PORTS.contains(port)) {
            return Optional.of(Software.POSTFIX);
        }
        return DOVECOT_PORTS.contains(port) ? Optional.of(Software.DOVECOT) : Optional.empty();
    }

    /** The software a configuration-audit code is about (Dovecot's codes say so), else Postfix. */
    static Software softwareOfConfigCode(String code) {
        return code.startsWith("DOVECOT_") ? Software.DOVECOT : Software.POSTFIX;
    }

    /** The kind of problem {@code f} is, when a setting answers it. */
    static Optional<Kind> kind(Finding f) {
        String c = f.code();
        if (c.contains("VRFY") || c.contains("EXPN")) {
            return Optional.of(Kind.VRFY);
        }
        if (c.startsWith("CERT_") || c.equals("TLS_NO_CERTIFICATE") || c.equals("DOVECOT_NO_CERTIFICATE")) {
            return c.equals("CERT_NOT_OBSERVED") ? Optional.empty() : Optional.of(Kind.CERTIFICATE);
        }
        return Optional.ofNullable(
                switch (c) {
                    case "TLS_LEGACY_VERSION_ACCEPTED",
                            "TLS_NO_CURRENT_VERSION",
                            "TLS_CIPHER_PHASE_OUT",
                            "TLS_CIPHER_INSUFFICIENT",
                            "TLS_GROUP_PHASE_OUT",
                            "TLS_GROUP_INSUFFICIENT",
                            "TLS_LEGACY_SSL_ALLOWED",
                            "TLS_DEPRECATED_PROTOCOLS",
                            "DOVECOT_WEAK_TLS",
                            "CORRELATION_TLS_VERSIONS" -> Kind.TLS_VERSIONS;
                    case "SMTP_STARTTLS_MISSING",
                            "SMTP_STARTTLS_FAILED",
                            "SMTP_IMPLICIT_TLS_FAILED",
                            "TLS_INBOUND_DISABLED",
                            "TLS_SUBMISSION_NOT_ENFORCED",
                            "MAILBOX_STARTTLS_MISSING",
                            "MAILBOX_STARTTLS_FAILED",
                            "MAILBOX_IMPLICIT_TLS_FAILED",
                            "SIEVE_STARTTLS_MISSING",
                            "SIEVE_STARTTLS_FAILED",
                            "DOVECOT_SSL_NOT_REQUIRED" -> Kind.STARTTLS;
                    case "SMTP_AUTH_BEFORE_TLS",
                            "SMTP_PLAINTEXT_AUTH_BEFORE_TLS",
                            "SUBMISSION_AUTH_BEFORE_TLS",
                            "SASL_AUTH_WITHOUT_TLS",
                            "SASL_PLAINTEXT_ALLOWED",
                            "IMAP_LOGIN_ALLOWED_IN_CLEAR",
                            "POP3_USER_ACCEPTED_IN_CLEAR",
                            "SIEVE_PLAINTEXT_SASL",
                            "DOVECOT_PLAINTEXT_AUTH" -> Kind.AUTH_AFTER_TLS;
                    case "SMTP_OPEN_RELAY", "RELAY_OPEN", "RELAY_MYNETWORKS_TOO_BROAD", "CORRELATION_RELAY" ->
                        Kind.RELAY;
                    default -> null;
                });
    }

    /**
     * The settings of {@code software} on {@code host} for {@code kinds}.
     *
     * @param ports the ports of the host where the problems were seen (for the submission and implicit-TLS
     *     lines); empty for findings of the configuration audit
     * @param codes the codes answered, for the explanation
     */
    static GeneratedFix fix(
            String host, Software software, SortedSet<Integer> ports, Set<Kind> kinds, SortedSet<String> codes) {
        String h = DnsText.name("host", host);
        StringBuilder content = new StringBuilder();
        StringBuilder why = new StringBuilder();
        Map<Kind, Boolean> done = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            if (kinds.contains(k) && done.put(k, true) == null) {
                if (software == Software.POSTFIX) {
                    postfix(h, k, ports, codes, content, why);
                } else {
                    dovecot(h, k, codes, content, why);
                }
            }
        }
        String file = software == Software.POSTFIX ? "/etc/postfix/main.cf" : "/etc/dovecot/local.conf";
        String reload = software == Software.POSTFIX ? "postfix reload" : "doveadm reload";
        return new GeneratedFix(
                (software == Software.POSTFIX ? "Postfix" : "Dovecot") + " settings for " + h,
                software == Software.POSTFIX ? "postfix" : "dovecot",
                "# " + file + " on " + h + "\n" + content.toString().stripTrailing(),
                why.toString().strip() + " Then run " + reload + " and scan again.");
    }

    private static void postfix(
            String h, Kind k, SortedSet<Integer> ports, Set<String> codes, StringBuilder content, StringBuilder why) {
        switch (k) {
            case CERTIFICATE -> {
                content.append("# certificate for ")
                        .append(h)
                        .append(": the key, then the certificate followed by its intermediates (full chain)\n")
                        .append("smtpd_tls_chain_files = /etc/ssl/private/")
                        .append(h)
                        .append(".key, /etc/ssl/certs/")
                        .append(h)
                        .append(".fullchain.pem\n");
                why.append(certificateWhy(h, codes))
                        .append(" smtpd_tls_chain_files needs Postfix 3.4 or later; before, use smtpd_tls_cert_file"
                                + " (the full chain) and smtpd_tls_key_file. ");
            }
            case TLS_VERSIONS -> {
                content.append("# TLS 1.2 and 1.3 only, strong ciphers\n")
                        .append("smtpd_tls_protocols = >=TLSv1.2\n")
                        .append("smtpd_tls_mandatory_protocols = >=TLSv1.2\n")
                        .append("smtpd_tls_ciphers = high\n")
                        .append("smtpd_tls_mandatory_ciphers = high\n")
                        .append("smtpd_tls_exclude_ciphers = aNULL, eNULL, MD5, RC4, DES, 3DES, EXPORT\n")
                        .append("tls_preempt_cipherlist = yes\n");
                why.append("The server accepts TLS versions or ciphers that are no longer safe: offer TLS 1.2 and"
                        + " 1.3 with strong ciphers only (the >=TLSv1.2 form needs Postfix 3.6; before, write"
                        + " !SSLv2, !SSLv3, !TLSv1, !TLSv1.1). ");
            }
            case STARTTLS -> {
                content.append("# offer STARTTLS on port 25 (a certificate must be configured)\n")
                        .append("smtpd_tls_security_level = may\n");
                if (ports.contains(587) || ports.contains(465)) {
                    content.append("# /etc/postfix/master.cf: require TLS on submission\n");
                    if (ports.contains(587)) {
                        content.append("#   submission inet n - n - - smtpd -o smtpd_tls_security_level=encrypt\n");
                    }
                    if (ports.contains(465)) {
                        content.append("#   submissions inet n - n - - smtpd -o smtpd_tls_wrappermode=yes\n");
                    }
                }
                why.append("STARTTLS is not offered or does not complete on ")
                        .append(h)
                        .append(": senders then deliver in clear text. Port 25 must stay at may (encrypt would refuse"
                                + " senders without TLS); submission requires TLS. ");
            }
            case AUTH_AFTER_TLS -> {
                content.append("# no AUTH before TLS: passwords never cross the network in clear text\n")
                        .append("smtpd_tls_auth_only = yes\n");
                why.append("The server offers AUTH before TLS, so clients can send their password in clear text. ");
            }
            case VRFY -> {
                content.append("# refuse VRFY: nobody can test which addresses exist\n")
                        .append("disable_vrfy_command = yes\n");
                why.append("VRFY (or EXPN) tells anyone which mailboxes exist, a list for spam and password"
                        + " guessing; Postfix's default is disable_vrfy_command = no. Postfix never implements"
                        + " EXPN: an EXPN that answers comes from another program in front of it. ");
            }
            case RELAY -> {
                content.append("# relay only for your own networks and authenticated users\n")
                        .append("smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,"
                                + " reject_unauth_destination\n")
                        .append("mynetworks = 127.0.0.0/8 [::1]/128\n");
                why.append("The server relays mail for anyone, or trusts networks that are too broad: spammers use"
                        + " it and its address lands on blocklists. Add your own networks to mynetworks only when"
                        + " they submit without authentication. ");
            }
        }
    }

    private static void dovecot(String h, Kind k, Set<String> codes, StringBuilder content, StringBuilder why) {
        switch (k) {
            case CERTIFICATE -> {
                content.append("# certificate for ")
                        .append(h)
                        .append(" with its intermediates (full chain), and its key\n")
                        .append("ssl_cert = </etc/ssl/certs/")
                        .append(h)
                        .append(".fullchain.pem\n")
                        .append("ssl_key = </etc/ssl/private/")
                        .append(h)
                        .append(".key\n");
                why.append(certificateWhy(h, codes))
                        .append(" Dovecot 2.4 names these ssl_server_cert_file and ssl_server_key_file (without"
                                + " the <). ");
            }
            case TLS_VERSIONS -> {
                content.append("# TLS 1.2 and 1.3 only, strong ciphers\n")
                        .append("ssl_min_protocol = TLSv1.2\n")
                        .append("ssl_cipher_list = ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:!aNULL:!MD5\n")
                        .append("ssl_prefer_server_ciphers = yes\n");
                why.append("The server accepts TLS versions or ciphers that are no longer safe: offer TLS 1.2 and"
                        + " 1.3 with strong ciphers only (Dovecot 2.4: ssl_server_prefer_ciphers = server). ");
            }
            case STARTTLS -> {
                content.append("# TLS on every connection\n").append("ssl = required\n");
                why.append("TLS is not offered, fails or is optional on ")
                        .append(h)
                        .append(": clients then read mail and send passwords in clear text. ");
            }
            case AUTH_AFTER_TLS -> {
                content.append("# no login before TLS (Dovecot 2.3: disable_plaintext_auth = yes)\n")
                        .append("auth_allow_cleartext = no\n")
                        .append("ssl = required\n");
                why.append("The server accepts a login before TLS, so the password crosses the network in clear"
                        + " text. ");
            }
            case VRFY, RELAY -> {
                // SMTP matters only; Dovecot has no such setting
            }
        }
    }

    private static String certificateWhy(String h, Set<String> codes) {
        StringBuilder sb = new StringBuilder("The certificate of " + h + " is not one senders can trust (")
                .append(String.join(
                        ", ",
                        codes.stream()
                                .filter(c -> c.startsWith("CERT_") || c.endsWith("_CERTIFICATE"))
                                .toList()))
                .append("): use a certificate from a public CA that names ")
                .append(h)
                .append(", send it with its intermediates (the full chain, e.g. certbot's fullchain.pem), and renew it"
                        + " automatically before it expires.");
        return sb.toString();
    }
}
