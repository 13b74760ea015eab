package dev.mailward.configaudit;

import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;

/**
 * Finding codes of the configuration audit (CHECKS.md "Configuration audit"). Input and syntax
 * codes inform {@code maintained-mta} (a configuration that cannot be read cannot be judged
 * maintained); the {@code CORRELATION_*} codes compare the configuration with what the probes saw.
 */
public enum ConfigCode implements FindingCode {
    CONFIG_EMPTY(Mitigation.MAINTAINED_MTA, "No configuration text uploaded"),
    CONFIG_FILE_REJECTED(Mitigation.MAINTAINED_MTA, "Uploaded file refused (too large, too many lines or binary)"),
    CONFIG_SYNTAX_ERROR(Mitigation.MAINTAINED_MTA, "Configuration line that cannot be parsed"),
    CONFIG_EXPANSION_ERROR(Mitigation.MAINTAINED_MTA, "Postfix $name expansion loops or nests too deeply"),

    LISTENERS_SEPARATE(Mitigation.LISTENERS, "Separate listeners for relay (25) and submission (587/465)"),
    LISTENERS_NO_SUBMISSION(Mitigation.LISTENERS, "No submission or smtps service: clients submit on port 25"),
    LISTENERS_SUBMISSION_OPEN(
            Mitigation.LISTENERS, "Submission service does not restrict clients to SASL-authenticated ones"),
    LISTENERS_INET_INTERFACES_ALL(Mitigation.LISTENERS, "inet_interfaces = all (listens on every interface)"),
    LISTENERS_NO_MASTER_CF(Mitigation.LISTENERS, "No master.cf uploaded: listeners not judged"),

    RELAY_RESTRICTED(Mitigation.NO_OPEN_RELAY, "Relay restricted by reject_unauth_destination"),
    RELAY_OPEN(
            Mitigation.NO_OPEN_RELAY,
            "Relay restrictions permit before rejecting unauthorised destinations (open relay)"),
    RELAY_MYNETWORKS_TOO_BROAD(
            Mitigation.NO_OPEN_RELAY, "mynetworks trusts a public range wider than /24 (IPv4) or /48 (IPv6)"),
    RELAY_MYNETWORKS_STYLE(
            Mitigation.NO_OPEN_RELAY, "mynetworks unset and mynetworks_style trusts whole subnets or classes"),

    SASL_SUBMISSION_OK(Mitigation.SASL_SUBMISSION, "SASL authentication required on submission, only over TLS"),
    SASL_NOT_ENABLED_ON_SUBMISSION(
            Mitigation.SASL_SUBMISSION, "SASL authentication not enabled on a submission service"),
    SASL_AUTH_WITHOUT_TLS(
            Mitigation.SASL_SUBMISSION, "SASL authentication offered without TLS (smtpd_tls_auth_only = no)"),
    SASL_ANONYMOUS_ALLOWED(Mitigation.SASL_SUBMISSION, "smtpd_sasl_security_options lacks noanonymous"),
    SASL_PLAINTEXT_ALLOWED(Mitigation.SASL_SUBMISSION, "Plaintext SASL mechanisms allowed where TLS is optional"),
    SASL_ON_PORT_25(Mitigation.SASL_SUBMISSION, "SASL authentication enabled on the port 25 relay listener"),

    TLS_OK(Mitigation.TLS, "Inbound TLS configured with modern protocols and a certificate"),
    TLS_INBOUND_DISABLED(Mitigation.TLS, "No STARTTLS on port 25 (smtpd_tls_security_level none)"),
    TLS_SUBMISSION_NOT_ENFORCED(
            Mitigation.TLS, "Submission does not require TLS (smtpd_tls_security_level not encrypt)"),
    TLS_LEGACY_SSL_ALLOWED(Mitigation.TLS, "SSLv2 or SSLv3 allowed"),
    TLS_DEPRECATED_PROTOCOLS(Mitigation.TLS, "TLSv1 or TLSv1.1 allowed (RFC 8996)"),
    TLS_NO_CERTIFICATE(Mitigation.TLS, "TLS enabled without a server certificate and key"),

    DANE_OUTBOUND_OK(
            Mitigation.DNSSEC_DANE, "Outbound DANE: smtp_dns_support_level = dnssec, smtp_tls_security_level = dane"),
    DANE_DNS_SUPPORT_NOT_DNSSEC(Mitigation.DNSSEC_DANE, "smtp_dns_support_level is not dnssec"),
    DANE_OUTBOUND_NOT_DANE(Mitigation.DNSSEC_DANE, "smtp_tls_security_level is not dane"),

    DOS_LIMITS_OK(Mitigation.DOS_LIMITS, "Postfix connection, rate, error and time limits set"),
    DOS_RATE_LIMIT_UNSET(Mitigation.DOS_LIMITS, "Postfix anvil limit unset (0 = unlimited)"),
    DOS_LIMIT_OUT_OF_BOUNDS(
            Mitigation.DOS_LIMITS, "Postfix error, command, time or recipient limit outside sane bounds"),
    DOS_POSTSCREEN(Mitigation.DOS_LIMITS, "postscreen in front of port 25"),
    DOVECOT_LIMITS_OK(Mitigation.DOS_LIMITS, "Dovecot auth failure delay and connection limits set"),
    DOVECOT_LIMITS_LAX(Mitigation.DOS_LIMITS, "Dovecot auth failure delay or connection limit disabled or lax"),

    MAILBOX_ACCESS_OK(Mitigation.MAILBOX_ACCESS, "Dovecot requires TLS and refuses plaintext authentication"),
    DOVECOT_SSL_NOT_REQUIRED(Mitigation.MAILBOX_ACCESS, "Dovecot ssl is not required"),
    DOVECOT_PLAINTEXT_AUTH(Mitigation.MAILBOX_ACCESS, "Dovecot allows plaintext authentication without TLS"),
    DOVECOT_CLEARTEXT_MECHANISMS_ONLY(
            Mitigation.MAILBOX_ACCESS, "Only cleartext auth mechanisms while TLS is optional"),
    DOVECOT_WEAK_TLS(Mitigation.MAILBOX_ACCESS, "Dovecot ssl_min_protocol below TLSv1.2"),
    DOVECOT_NO_CERTIFICATE(Mitigation.MAILBOX_ACCESS, "Dovecot TLS enabled without a certificate"),

    SIEVE_OK(Mitigation.SIEVE, "ManageSieve protocol and sieve plugin enabled"),
    SIEVE_NO_MANAGESIEVE(Mitigation.SIEVE, "protocols does not include sieve (ManageSieve)"),
    SIEVE_PLUGIN_MISSING(Mitigation.SIEVE, "sieve plugin missing from mail_plugins of LDA/LMTP"),

    RSPAMD_MILTER_OK(Mitigation.RSPAMD, "smtpd_milters points at the Rspamd proxy"),
    RSPAMD_MILTER_MISSING(Mitigation.RSPAMD, "No milter to Rspamd in smtpd_milters"),
    RSPAMD_NON_SMTPD_MILTER_MISSING(
            Mitigation.RSPAMD, "non_smtpd_milters does not include Rspamd (local mail unsigned)"),
    RSPAMD_MILTER_DEFAULT_ACTION(Mitigation.RSPAMD, "milter_default_action is neither accept nor tempfail"),
    RSPAMD_DKIM_SIGNING_OK(Mitigation.RSPAMD, "Rspamd dkim_signing configured"),
    RSPAMD_DKIM_SIGNING_DEFAULTS(
            Mitigation.RSPAMD, "Rspamd dkim_signing left at defaults (no domain, path or selector map)"),
    RSPAMD_DKIM_SIGNING_DISABLED(Mitigation.RSPAMD, "Rspamd dkim_signing disabled"),
    RSPAMD_LEGACY_STACK(Mitigation.RSPAMD, "Legacy filters (Amavis, SpamAssassin, OpenDKIM, OpenDMARC) configured"),

    MTA_OK(
            Mitigation.MAINTAINED_MTA,
            "Current compatibility_level, a banner without software version and VRFY disabled"),
    MTA_COMPATIBILITY_LEVEL_OLD(Mitigation.MAINTAINED_MTA, "compatibility_level below the current 3.6"),
    MTA_BANNER_VERSION(Mitigation.MAINTAINED_MTA, "smtpd_banner exposes $mail_version"),
    MTA_BANNER_SOFTWARE(Mitigation.MAINTAINED_MTA, "smtpd_banner names the software or distribution"),
    MTA_VRFY_ENABLED(
            Mitigation.MAINTAINED_MTA,
            "VRFY enabled (disable_vrfy_command = no, the default): addresses can be enumerated"),

    CORRELATION_RELAY(Mitigation.NO_OPEN_RELAY, "Configuration and relay probe disagree"),
    CORRELATION_TLS_VERSIONS(Mitigation.TLS, "Server negotiated a TLS version the configuration excludes"),
    CORRELATION_BANNER(Mitigation.MAINTAINED_MTA, "Banner seen differs from the configured banner"),
    CORRELATION_VRFY(Mitigation.MAINTAINED_MTA, "VRFY disabled in the configuration but enumerable on the server"),
    CORRELATION_PTR(Mitigation.REPUTATION, "myhostname differs from the address's PTR name"),
    CORRELATION_DANE(Mitigation.DNSSEC_DANE, "Domain publishes DANE but the MTA does not use DANE outbound"),
    CORRELATION_LISTENERS(Mitigation.LISTENERS, "Ports seen open differ from the configured listeners"),
    CORRELATION_DKIM(Mitigation.SPF_DKIM, "Rspamd signs with a DKIM selector that has no usable key in DNS");

    private final Mitigation mitigation;
    private final String title;

    ConfigCode(Mitigation mitigation, String title) {
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
