package dev.mailward.configaudit;

import dev.mailward.checks.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Dovecot rules (mailbox-access, sieve, dos-limits) over {@code doveconf -n}, for 2.3 and 2.4
 * names alike. An unset setting is judged by Dovecot's default for the detected version.
 */
final class DovecotRules {

    private final DovecotConfig conf;
    private final Collector out;

    DovecotRules(DovecotConfig conf, Collector out) {
        this.conf = conf;
        this.out = out;
    }

    private LineRef ref(Optional<DovecotConfig.Setting> s, String key, String dflt) {
        return s.map(x -> new LineRef(LineRef.DOVECOT, x.line(), x.text()))
                .orElse(new LineRef(LineRef.DOVECOT, 0, key + " not set; default '" + dflt + "' applies"));
    }

    private String value(String key, String dflt) {
        return conf.top(key).map(DovecotConfig.Setting::value).orElse(dflt).strip();
    }

    void run() {
        boolean v24 = conf.is24();
        out.facts.put("dovecotVersion", conf.version().orElse(v24 ? "2.4" : "2.3"));
        mailboxAccess(v24);
        sieve(v24);
        limits();
    }

    private void mailboxAccess(boolean v24) {
        boolean ok = true;
        String ssl = value("ssl", "yes").toLowerCase(Locale.ROOT);
        LineRef sslRef = ref(conf.top("ssl"), "ssl", "yes");
        if (ssl.equals("no")) {
            ok = false;
            out.add(
                    ConfigCode.DOVECOT_SSL_NOT_REQUIRED,
                    Status.FAIL,
                    "ssl = no: IMAP/POP3 without TLS",
                    sslRef,
                    "conf.d/10-ssl.conf:\nssl = required");
        } else if (!ssl.equals("required")) {
            ok = false;
            out.add(
                    ConfigCode.DOVECOT_SSL_NOT_REQUIRED,
                    Status.WARN,
                    "ssl = " + ssl + ": TLS offered but clients may stay in cleartext on 143/110",
                    sslRef,
                    "conf.d/10-ssl.conf:\nssl = required");
        }
        // 2.3 disable_plaintext_auth = yes (default) ≡ 2.4 auth_allow_cleartext = no (default).
        boolean cleartext;
        LineRef authRef;
        String fix;
        if (v24 || conf.top("auth_allow_cleartext").isPresent()) {
            cleartext = value("auth_allow_cleartext", "no").equalsIgnoreCase("yes");
            authRef = ref(conf.top("auth_allow_cleartext"), "auth_allow_cleartext", "no");
            fix = "conf.d/10-auth.conf:\nauth_allow_cleartext = no";
        } else {
            cleartext = value("disable_plaintext_auth", "yes").equalsIgnoreCase("no");
            authRef = ref(conf.top("disable_plaintext_auth"), "disable_plaintext_auth", "yes");
            fix = "conf.d/10-auth.conf:\ndisable_plaintext_auth = yes";
        }
        if (cleartext && !ssl.equals("required")) {
            ok = false;
            out.add(
                    ConfigCode.DOVECOT_PLAINTEXT_AUTH,
                    Status.FAIL,
                    "'" + authRef.text().strip() + "': passwords accepted over unencrypted IMAP/POP3 connections",
                    authRef,
                    fix);
        }
        List<String> mechs = Arrays.stream(value("auth_mechanisms", "plain")
                        .toLowerCase(Locale.ROOT)
                        .split("\\s+"))
                .filter(m -> !m.isEmpty())
                .toList();
        if (!mechs.isEmpty()
                && mechs.stream().allMatch(m -> m.equals("plain") || m.equals("login"))
                && cleartext
                && !ssl.equals("required")) {
            ok = false;
            out.add(
                    ConfigCode.DOVECOT_CLEARTEXT_MECHANISMS_ONLY,
                    Status.WARN,
                    "auth_mechanisms = " + String.join(" ", mechs)
                            + " while TLS is optional: every login sends the password readable",
                    ref(conf.top("auth_mechanisms"), "auth_mechanisms", "plain"),
                    "conf.d/10-ssl.conf:\nssl = required");
        }
        String min = value("ssl_min_protocol", "TLSv1.2");
        if (!ssl.equals("no")
                && (min.equalsIgnoreCase("TLSv1")
                        || min.equalsIgnoreCase("TLSv1.1")
                        || min.toUpperCase(Locale.ROOT).startsWith("SSL")
                        || min.equalsIgnoreCase("ANY"))) {
            ok = false;
            out.add(
                    ConfigCode.DOVECOT_WEAK_TLS,
                    Status.WARN,
                    "ssl_min_protocol = " + min + " allows protocols deprecated" + " by RFC 8996",
                    ref(conf.top("ssl_min_protocol"), "ssl_min_protocol", "TLSv1.2"),
                    "conf.d/10-ssl.conf:\nssl_min_protocol = TLSv1.2");
        }
        String certKey = v24 || conf.top("ssl_server_cert_file").isPresent() ? "ssl_server_cert_file" : "ssl_cert";
        if (!ssl.equals("no") && value(certKey, "").isEmpty()) {
            ok = false;
            out.add(
                    ConfigCode.DOVECOT_NO_CERTIFICATE,
                    Status.FAIL,
                    "ssl = " + ssl + " but " + certKey + " is not set",
                    ref(conf.top(certKey), certKey, ""),
                    v24
                            ? "ssl_server_cert_file = /etc/ssl/certs/imap.pem\nssl_server_key_file = /etc/ssl/private/imap.key"
                            : "ssl_cert = </etc/ssl/certs/imap.pem\nssl_key = </etc/ssl/private/imap.key");
        }
        out.facts.put("dovecotProtocols", protocols());
        if (ok) {
            out.add(
                    ConfigCode.MAILBOX_ACCESS_OK,
                    Status.PASS,
                    "ssl = " + ssl + ", cleartext authentication refused," + " protocols " + protocols(),
                    List.of(sslRef, authRef),
                    null);
        }
    }

    private List<String> protocols() {
        return Arrays.stream(value("protocols", "imap pop3 lmtp").split("[\\s,]+"))
                .filter(p -> !p.isEmpty() && !p.startsWith("$") && !p.startsWith("!"))
                .toList();
    }

    /** mail_plugins of a protocol block: a 2.3 string list or a 2.4 boolean list section. */
    private Optional<String> plugins(DovecotConfig.Section s) {
        Optional<DovecotConfig.Setting> v = s.setting("mail_plugins");
        if (v.isPresent()) {
            return Optional.of(v.get().value());
        }
        return s.children("mail_plugins").stream().findFirst().map(b -> {
            List<String> on = new ArrayList<>();
            b.settings().forEach(x -> {
                if (x.value().equalsIgnoreCase("yes")) {
                    on.add(x.key());
                }
            });
            return String.join(" ", on);
        });
    }

    private void sieve(boolean v24) {
        List<String> protocols = protocols();
        boolean managesieve = protocols.contains("sieve");
        List<String> missing = new ArrayList<>();
        List<LineRef> refs = new ArrayList<>();
        String global = plugins(conf.root()).orElse("");
        for (String p : List.of("lmtp", "lda")) {
            Optional<DovecotConfig.Section> block = conf.root().child("protocol", p);
            String value = block.flatMap(this::plugins).orElse(global);
            if (block.isPresent()) {
                refs.add(new LineRef(LineRef.DOVECOT, block.get().line(), "protocol " + p + " {"));
            }
            if (!Arrays.asList(value.split("\\s+")).contains("sieve")) {
                missing.add(p);
            }
        }
        boolean delivers = protocols.contains("lmtp")
                || conf.root().child("protocol", "lda").isPresent();
        if (!managesieve) {
            out.add(
                    ConfigCode.SIEVE_NO_MANAGESIEVE,
                    Status.WARN,
                    "protocols = " + String.join(" ", protocols)
                            + ": no ManageSieve, users cannot manage their filters safely",
                    ref(conf.top("protocols"), "protocols", "imap pop3 lmtp"),
                    "apt-get install dovecot-managesieved\nconf.d/20-managesieve.conf:\nprotocols = $protocols sieve");
        }
        if (missing.size() == 2 || delivers && missing.contains("lmtp") && protocols.contains("lmtp")) {
            out.add(
                    ConfigCode.SIEVE_PLUGIN_MISSING,
                    Status.WARN,
                    "sieve plugin missing from mail_plugins of " + missing
                            + ": server-side filters are not run at delivery",
                    refs,
                    v24
                            ? "protocol lmtp {\n  mail_plugins {\n    sieve = yes\n  }\n}"
                            : "conf.d/20-lmtp.conf:\nprotocol lmtp {\n  mail_plugins = $mail_plugins sieve\n}");
        } else if (managesieve) {
            out.add(
                    ConfigCode.SIEVE_OK,
                    Status.PASS,
                    "ManageSieve enabled and the sieve plugin runs at delivery",
                    refs,
                    null);
        }
    }

    private void limits() {
        boolean ok = true;
        String delay = value("auth_failure_delay", "2 secs");
        if (delay.matches("0+\\s*[a-z]*")) {
            ok = false;
            out.add(
                    ConfigCode.DOVECOT_LIMITS_LAX,
                    Status.WARN,
                    "auth_failure_delay = " + delay + ": password guessing is not slowed down",
                    ref(conf.top("auth_failure_delay"), "auth_failure_delay", "2 secs"),
                    "conf.d/10-auth.conf:\nauth_failure_delay = 2 secs");
        }
        List<DovecotConfig.Section> scopes = new ArrayList<>();
        scopes.add(conf.root());
        scopes.addAll(conf.root().children("protocol"));
        for (DovecotConfig.Section s : scopes) {
            Optional<DovecotConfig.Setting> m = s.setting("mail_max_userip_connections");
            if (m.isPresent()) {
                long n = PostfixRules.number(m.get().value());
                if (n <= 0 || n > 100) {
                    ok = false;
                    out.add(
                            ConfigCode.DOVECOT_LIMITS_LAX,
                            Status.WARN,
                            "mail_max_userip_connections = "
                                    + m.get().value() + (s.type().isEmpty() ? "" : " in protocol " + s.name())
                                    + " (expected 1..100)",
                            ref(m, "mail_max_userip_connections", "10"),
                            "conf.d/20-imap.conf:\nprotocol imap {\n  mail_max_userip_connections = 20\n}");
                }
            }
        }
        for (DovecotConfig.Section svc : conf.root().children("service")) {
            if (!svc.name().endsWith("-login")) {
                continue;
            }
            for (String key : List.of("process_limit", "client_limit")) {
                Optional<DovecotConfig.Setting> v = svc.setting(key);
                if (v.isPresent()
                        && (PostfixRules.number(v.get().value()) <= 0
                                || PostfixRules.number(v.get().value()) > 10_000)) {
                    ok = false;
                    out.add(
                            ConfigCode.DOVECOT_LIMITS_LAX,
                            Status.WARN,
                            "service " + svc.name() + " " + key + " = "
                                    + v.get().value() + " (expected 1..10000)",
                            ref(v, key, ""),
                            "service " + svc.name() + " {\n  process_limit = 100\n}");
                }
            }
        }
        if (ok) {
            out.add(
                    ConfigCode.DOVECOT_LIMITS_OK,
                    Status.PASS,
                    "auth_failure_delay = " + delay + ", connection limits bounded",
                    ref(conf.top("auth_failure_delay"), "auth_failure_delay", "2 secs"),
                    null);
        }
    }
}
