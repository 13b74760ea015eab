package dev.mailward.configaudit;

import dev.mailward.checks.Status;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The Postfix rules of CHECKS.md "Configuration audit", over a parsed main.cf and master.cf. */
final class PostfixRules {

    private final PostfixMainConfig main;
    private final Optional<MasterCf> master;
    private final Collector out;

    PostfixRules(PostfixMainConfig main, Optional<MasterCf> master, Collector out) {
        this.main = main;
        this.master = master;
        this.out = out;
    }

    /** A view of the settings one smtpd service runs with: main.cf plus its -o overrides. */
    record View(String label, Optional<MasterCf.Service> service, PostfixMainConfig main) {

        String get(String name) {
            Map<String, String> o = service.map(MasterCf.Service::overrideMap).orElse(Map.of());
            return main.expanded(name, o).orElse("").strip();
        }

        LineRef ref(String name) {
            if (service.isPresent()) {
                Optional<MasterCf.Override> o = service.get().override(name);
                if (o.isPresent()) {
                    return new LineRef(
                            LineRef.MASTER,
                            o.get().line(),
                            "-o " + o.get().name() + "=" + o.get().value());
                }
            }
            return main.lineOf(name);
        }

        boolean yes(String name) {
            return get(name).equalsIgnoreCase("yes");
        }

        /** smtpd_tls_security_level, with the legacy smtpd_use_tls/smtpd_enforce_tls fallback. */
        String tlsLevel() {
            String level = get("smtpd_tls_security_level").toLowerCase(Locale.ROOT);
            if (!level.isEmpty()) {
                return level;
            }
            if (yes("smtpd_enforce_tls")) {
                return "encrypt";
            }
            return yes("smtpd_use_tls") ? "may" : "none";
        }

        boolean wrapper() {
            return yes("smtpd_tls_wrappermode");
        }
    }

    void run() {
        List<View> port25 = new ArrayList<>();
        List<View> submission = new ArrayList<>();
        boolean postscreen = false;
        if (master.isPresent()) {
            MasterCf m = master.get();
            for (MasterCf.Service s : m.inet(25)) {
                if (s.command().equals("postscreen")) {
                    postscreen = true;
                    m.services().stream()
                            .filter(p -> p.type().equals("pass") && p.isSmtpd())
                            .forEach(p -> port25.add(new View(
                                    "smtpd (behind postscreen, line " + p.line() + ")", Optional.of(p), main)));
                    out.add(
                            ConfigCode.DOS_POSTSCREEN,
                            Status.PASS,
                            "postscreen answers port 25 (master.cf line " + s.line() + ")",
                            new LineRef(LineRef.MASTER, s.line(), s.text()),
                            null);
                } else if (s.isSmtpd()) {
                    port25.add(new View("smtp (port 25, line " + s.line() + ")", Optional.of(s), main));
                }
            }
            for (MasterCf.Service s : m.services()) {
                Optional<Integer> p = s.port();
                if (s.isSmtpd() && p.isPresent() && (p.get() == 587 || p.get() == 465)) {
                    submission.add(new View(
                            s.name() + " (port " + p.get() + ", line " + s.line() + ")", Optional.of(s), main));
                }
            }
        } else {
            port25.add(new View("main.cf (no master.cf uploaded)", Optional.empty(), main));
        }
        out.facts.put("postscreen", postscreen);
        out.facts.put(
                "submissionPorts",
                submission.stream()
                        .map(v -> v.service().flatMap(MasterCf.Service::port).orElse(0))
                        .distinct()
                        .toList());
        out.facts.put("smtpPort25", !port25.isEmpty());
        listeners(port25, submission);
        relay(port25.isEmpty() ? List.of(new View("main.cf", Optional.empty(), main)) : port25);
        mynetworks();
        sasl(port25, submission);
        tls(port25, submission);
        dane();
        limits(port25.isEmpty() ? new View("main.cf", Optional.empty(), main) : port25.getFirst(), postscreen);
        maintained(port25.isEmpty() ? List.of(new View("main.cf", Optional.empty(), main)) : port25);
        milters();
    }

    // ---- listeners -------------------------------------------------------------------------

    private void listeners(List<View> port25, List<View> submission) {
        String ifaces = main.expanded("inet_interfaces").orElse("all").strip();
        if (ifaces.equalsIgnoreCase("all")) {
            out.add(
                    ConfigCode.LISTENERS_INET_INTERFACES_ALL,
                    Status.PASS,
                    "inet_interfaces = all: every interface listens; name the external (and loopback) addresses"
                            + " where the host also has internal interfaces",
                    main.lineOf("inet_interfaces"),
                    "postconf -e 'inet_interfaces = 192.0.2.25, 127.0.0.1'");
        }
        if (master.isEmpty()) {
            out.add(
                    ConfigCode.LISTENERS_NO_MASTER_CF,
                    Status.NOT_APPLICABLE,
                    "no master.cf uploaded: listeners, submission and per-service overrides not judged",
                    (LineRef) null,
                    "upload the output of 'postconf -M'");
            return;
        }
        if (submission.isEmpty()) {
            out.add(
                    ConfigCode.LISTENERS_NO_SUBMISSION,
                    Status.WARN,
                    "master.cf defines no submission (587) or smtps (465) service: clients must submit on port 25",
                    port25.isEmpty() ? List.of() : List.of(port25.getFirst().ref("smtpd_sasl_auth_enable")),
                    SUBMISSION_STANZA);
            return;
        }
        boolean allGood = true;
        for (View v : submission) {
            String client = v.get("smtpd_client_restrictions");
            String relay = v.get("smtpd_relay_restrictions");
            String recipient = v.get("smtpd_recipient_restrictions");
            boolean restricted = saslOnly(client)
                    || saslOnly(relay) && saslOnly(recipient.isEmpty() ? relay : recipient)
                    || saslOnly(relay) && recipient.isEmpty();
            if (!restricted) {
                allGood = false;
                out.add(
                        ConfigCode.LISTENERS_SUBMISSION_OPEN,
                        Status.FAIL,
                        v.label()
                                + " does not limit clients to SASL-authenticated ones: smtpd_client_restrictions = '"
                                + client + "', smtpd_relay_restrictions = '" + relay + "'",
                        List.of(v.ref("smtpd_client_restrictions"), v.ref("smtpd_relay_restrictions")),
                        "in master.cf under " + v.service().get().name() + ":\n"
                                + "  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n"
                                + "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject");
            }
        }
        if (allGood && !port25.isEmpty()) {
            out.add(
                    ConfigCode.LISTENERS_SEPARATE,
                    Status.PASS,
                    "separate listeners: port 25 and "
                            + submission.stream().map(View::label).toList() + " restricted to authenticated clients",
                    submission.stream()
                            .map(v -> new LineRef(
                                    LineRef.MASTER,
                                    v.service().get().line(),
                                    v.service().get().text()))
                            .toList(),
                    null);
        }
    }

    private static final String SUBMISSION_STANZA = """
            submission inet n       -       y       -       -       smtpd
              -o syslog_name=postfix/submission
              -o smtpd_tls_security_level=encrypt
              -o smtpd_sasl_auth_enable=yes
              -o smtpd_tls_auth_only=yes
              -o smtpd_client_restrictions=permit_sasl_authenticated,reject
              -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
            """;

    /** A restriction list that lets through only SASL-authenticated clients. */
    static boolean saslOnly(String list) {
        List<String> items = restrictionItems(list);
        int i = items.indexOf("permit_sasl_authenticated");
        if (i < 0) {
            return false;
        }
        for (int k = 0; k < i; k++) {
            if (items.get(k).startsWith("permit")) {
                return false;
            }
        }
        return i + 1 < items.size()
                && (items.get(i + 1).equals("reject") || items.get(i + 1).equals("defer"));
    }

    static List<String> restrictionItems(String list) {
        return Arrays.stream(list.split("[\\s,]+"))
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .toList();
    }

    // ---- no-open-relay ---------------------------------------------------------------------

    /**
     * A list is safe when it rejects unauthorised destinations (or rejects everything) before any
     * unconditional {@code permit}. Postfix relays only when both smtpd_relay_restrictions and
     * smtpd_recipient_restrictions permit (SMTPD_ACCESS_README "relay control").
     */
    static boolean rejectsUnauthBeforePermit(String list) {
        for (String item : restrictionItems(list)) {
            if (item.equals("reject_unauth_destination")
                    || item.equals("defer_unauth_destination")
                    || item.equals("reject")
                    || item.equals("defer")) {
                return true;
            }
            if (item.equals("permit")) {
                return false;
            }
        }
        return false;
    }

    private void relay(List<View> views) {
        for (View v : views) {
            String relay = v.get("smtpd_relay_restrictions");
            String recipient = v.get("smtpd_recipient_restrictions");
            boolean safe = rejectsUnauthBeforePermit(relay) || rejectsUnauthBeforePermit(recipient);
            List<LineRef> refs = List.of(v.ref("smtpd_relay_restrictions"), v.ref("smtpd_recipient_restrictions"));
            out.facts.put("relayRestricted", safe && !Boolean.FALSE.equals(out.facts.get("relayRestricted")));
            if (safe) {
                out.add(
                        ConfigCode.RELAY_RESTRICTED,
                        Status.PASS,
                        v.label() + ": relay restricted (smtpd_relay_restrictions = '" + relay + "')",
                        refs,
                        null);
            } else {
                out.add(
                        ConfigCode.RELAY_OPEN,
                        Status.FAIL,
                        v.label()
                                + ": neither smtpd_relay_restrictions = '" + relay
                                + "' nor smtpd_recipient_restrictions = '"
                                + recipient + "' rejects unauthorised destinations before a permit: open relay",
                        refs,
                        "postconf -e 'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,"
                                + " reject_unauth_destination'");
            }
        }
    }

    private void mynetworks() {
        Optional<PostfixMainConfig.Parameter> explicit = main.explicit("mynetworks");
        if (explicit.isEmpty()) {
            String style = main.expanded("mynetworks_style").orElse("").strip().toLowerCase(Locale.ROOT);
            if (style.equals("class") || style.equals("subnet")) {
                out.add(
                        ConfigCode.RELAY_MYNETWORKS_STYLE,
                        style.equals("class") ? Status.FAIL : Status.WARN,
                        "mynetworks is unset and mynetworks_style = " + style + " (compatibility_level "
                                + main.compatibilityLevel() + "): every host of the server's "
                                + (style.equals("class") ? "class A/B/C network" : "IP subnets") + " may relay",
                        List.of(main.lineOf("mynetworks_style"), main.lineOf("compatibility_level")),
                        "postconf -e 'mynetworks = 127.0.0.0/8 [::1]/128'");
            }
            return;
        }
        String value = main.expanded("mynetworks").orElse("");
        List<String> broad = new ArrayList<>();
        for (String entry : value.split("[\\s,]+")) {
            if (entry.isEmpty()
                    || entry.contains(":")
                            && !entry.startsWith("[")
                            && !entry.contains("/")
                            && entry.matches("[a-z]+:.*")) {
                continue;
            }
            if (tooBroad(entry)) {
                broad.add(entry);
            }
        }
        if (!broad.isEmpty()) {
            out.add(
                    ConfigCode.RELAY_MYNETWORKS_TOO_BROAD,
                    Status.FAIL,
                    "mynetworks trusts " + broad
                            + " to relay without authentication (public range wider than /24 or /48)",
                    main.lineOf("mynetworks"),
                    "postconf -e 'mynetworks = 127.0.0.0/8 [::1]/128'"
                            + "   # let remote users authenticate on submission instead");
        }
    }

    /** A public CIDR wider than /24 (IPv4) or /48 (IPv6); private and loopback ranges may be wide. */
    static boolean tooBroad(String entry) {
        String e = entry.replace("[", "").replace("]", "");
        int slash = e.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String addr = e.substring(0, slash);
        int prefix;
        try {
            prefix = Integer.parseInt(e.substring(slash + 1));
        } catch (NumberFormatException ex) {
            return false;
        }
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            InetAddress a = InetAddress.ofLiteral(addr);
            boolean v4 = a.getAddress().length == 4;
            if (prefix == 0) {
                return true;
            }
            if (a.isLoopbackAddress()
                    || a.isSiteLocalAddress()
                    || a.isLinkLocalAddress()
                    || !v4 && (a.getAddress()[0] & 0xfe) == 0xfc
                    || !v4 && addr.toLowerCase(Locale.ROOT).startsWith("::ffff:127.")) {
                return false;
            }
            return v4 ? prefix < 24 : prefix < 48;
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    // ---- sasl-submission -------------------------------------------------------------------

    private void sasl(List<View> port25, List<View> submission) {
        for (View v : port25) {
            if (v.yes("smtpd_sasl_auth_enable")) {
                out.add(
                        ConfigCode.SASL_ON_PORT_25,
                        Status.WARN,
                        v.label()
                                + " has smtpd_sasl_auth_enable = yes: the MX port offers AUTH to password guessers;"
                                + " authenticate on submission (587/465) only",
                        v.ref("smtpd_sasl_auth_enable"),
                        "postconf -e 'smtpd_sasl_auth_enable = no'   # and -o smtpd_sasl_auth_enable=yes on submission");
                saslOptions(v);
            }
        }
        boolean ok = !submission.isEmpty();
        for (View v : submission) {
            if (!v.yes("smtpd_sasl_auth_enable")) {
                ok = false;
                out.add(
                        ConfigCode.SASL_NOT_ENABLED_ON_SUBMISSION,
                        Status.FAIL,
                        v.label() + ": smtpd_sasl_auth_enable = '" + v.get("smtpd_sasl_auth_enable") + "'",
                        v.ref("smtpd_sasl_auth_enable"),
                        "in master.cf under " + v.service().get().name() + ":\n  -o smtpd_sasl_auth_enable=yes");
                continue;
            }
            ok &= saslOptions(v);
        }
        if (ok) {
            out.add(
                    ConfigCode.SASL_SUBMISSION_OK,
                    Status.PASS,
                    "SASL required on " + submission.stream().map(View::label).toList()
                            + ", only over TLS, without anonymous mechanisms",
                    submission.stream()
                            .map(v -> v.ref("smtpd_sasl_auth_enable"))
                            .toList(),
                    null);
        }
    }

    /** Checks TLS-only auth and security options on a SASL-enabled service; true when clean. */
    private boolean saslOptions(View v) {
        boolean ok = true;
        boolean tlsOnly = v.wrapper() || v.tlsLevel().equals("encrypt") || v.yes("smtpd_tls_auth_only");
        if (!tlsOnly) {
            ok = false;
            out.add(
                    ConfigCode.SASL_AUTH_WITHOUT_TLS,
                    Status.FAIL,
                    v.label() + " offers AUTH before STARTTLS:"
                            + " smtpd_tls_auth_only = '" + v.get("smtpd_tls_auth_only")
                            + "', smtpd_tls_security_level = '"
                            + v.tlsLevel() + "'",
                    List.of(v.ref("smtpd_tls_auth_only"), v.ref("smtpd_tls_security_level")),
                    "postconf -e 'smtpd_tls_auth_only = yes'");
        }
        String options = v.get("smtpd_sasl_security_options").toLowerCase(Locale.ROOT);
        if (!options.contains("noanonymous")) {
            ok = false;
            out.add(
                    ConfigCode.SASL_ANONYMOUS_ALLOWED,
                    Status.FAIL,
                    v.label() + ": smtpd_sasl_security_options = '" + options + "' allows anonymous authentication",
                    v.ref("smtpd_sasl_security_options"),
                    "postconf -e 'smtpd_sasl_security_options = noanonymous, noplaintext'");
        }
        if (!tlsOnly && !options.contains("noplaintext")) {
            ok = false;
            out.add(
                    ConfigCode.SASL_PLAINTEXT_ALLOWED,
                    Status.WARN,
                    v.label() + ": smtpd_sasl_security_options = '" + options
                            + "' allows PLAIN/LOGIN while TLS is optional: passwords may cross in clear",
                    v.ref("smtpd_sasl_security_options"),
                    "postconf -e 'smtpd_sasl_security_options = noanonymous, noplaintext'\n"
                            + "postconf -e 'smtpd_sasl_tls_security_options = noanonymous'");
        }
        return ok;
    }

    // ---- tls -------------------------------------------------------------------------------

    private static final List<String> PROTOCOLS = List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    /**
     * The protocols a Postfix protocol list allows: {@code >=TLSv1.2}, {@code <=TLSv1.2},
     * exclusions {@code !SSLv3} and inclusions {@code TLSv1.2 TLSv1.3} (postconf(5)
     * smtpd_tls_protocols).
     */
    static Set<String> allowedProtocols(String spec) {
        Set<String> allowed = new LinkedHashSet<>(PROTOCOLS);
        Set<String> included = new LinkedHashSet<>();
        for (String t : spec.split("[\\s,:]+")) {
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith(">=") || t.startsWith("<=")) {
                int idx = indexOf(t.substring(2));
                if (idx >= 0) {
                    for (int i = 0; i < PROTOCOLS.size(); i++) {
                        if (t.startsWith(">=") ? i < idx : i > idx) {
                            allowed.remove(PROTOCOLS.get(i));
                        }
                    }
                }
            } else if (t.startsWith("!")) {
                int idx = indexOf(t.substring(1));
                if (idx >= 0) {
                    allowed.remove(PROTOCOLS.get(idx));
                }
            } else if (indexOf(t) >= 0) {
                included.add(PROTOCOLS.get(indexOf(t)));
            }
        }
        if (!included.isEmpty()) {
            allowed.retainAll(included);
        }
        return allowed;
    }

    private static int indexOf(String p) {
        for (int i = 0; i < PROTOCOLS.size(); i++) {
            if (PROTOCOLS.get(i).equalsIgnoreCase(p)) {
                return i;
            }
        }
        return -1;
    }

    private void tls(List<View> port25, List<View> submission) {
        boolean ok = true;
        boolean anyTls = false;
        for (View v : port25) {
            String level = v.tlsLevel();
            if (level.equals("none")) {
                ok = false;
                out.add(
                        ConfigCode.TLS_INBOUND_DISABLED,
                        Status.FAIL,
                        v.label()
                                + ": smtpd_tls_security_level = '" + v.get("smtpd_tls_security_level")
                                + "' (smtpd_use_tls = '" + v.get("smtpd_use_tls") + "'): no STARTTLS on port 25",
                        List.of(v.ref("smtpd_tls_security_level"), v.ref("smtpd_use_tls")),
                        "postconf -e 'smtpd_tls_security_level = may'\n"
                                + "postconf -e 'smtpd_tls_chain_files = /etc/letsencrypt/live/mx.example.org/privkey.pem,"
                                + " /etc/letsencrypt/live/mx.example.org/fullchain.pem'");
            } else {
                anyTls = true;
            }
        }
        for (View v : submission) {
            if (!v.wrapper() && !v.tlsLevel().equals("encrypt")) {
                ok = false;
                out.add(
                        ConfigCode.TLS_SUBMISSION_NOT_ENFORCED,
                        Status.FAIL,
                        v.label() + ": smtpd_tls_security_level = '" + v.tlsLevel()
                                + "' (encrypt required on submission)",
                        v.ref("smtpd_tls_security_level"),
                        "in master.cf under " + v.service().get().name() + ":\n  -o smtpd_tls_security_level=encrypt");
            }
            anyTls = true;
        }
        if (anyTls) {
            for (String param : List.of("smtpd_tls_protocols", "smtpd_tls_mandatory_protocols")) {
                String spec = main.expanded(param).orElse("");
                Set<String> allowed = allowedProtocols(spec);
                out.facts.put(param, List.copyOf(allowed));
                List<String> legacy =
                        allowed.stream().filter(p -> p.startsWith("SSL")).toList();
                List<String> deprecated = allowed.stream()
                        .filter(p -> p.equals("TLSv1") || p.equals("TLSv1.1"))
                        .toList();
                String fix = "postconf -e '" + param + " = >=TLSv1.2'";
                if (!legacy.isEmpty()) {
                    ok = false;
                    out.add(
                            ConfigCode.TLS_LEGACY_SSL_ALLOWED,
                            Status.FAIL,
                            param + " = '" + spec + "' allows " + legacy,
                            main.lineOf(param),
                            fix);
                } else if (!deprecated.isEmpty()) {
                    // RFC 8996 deprecates TLS 1.0 and 1.1.
                    ok = false;
                    out.add(
                            ConfigCode.TLS_DEPRECATED_PROTOCOLS,
                            Status.WARN,
                            param + " = '" + spec + "' allows " + deprecated + " (deprecated by RFC 8996)",
                            main.lineOf(param),
                            fix);
                }
            }
            boolean cert = !main.expanded("smtpd_tls_chain_files").orElse("").isBlank()
                    || !main.expanded("smtpd_tls_cert_file").orElse("").isBlank()
                    || !main.expanded("smtpd_tls_eccert_file").orElse("").isBlank();
            if (!cert) {
                ok = false;
                out.add(
                        ConfigCode.TLS_NO_CERTIFICATE,
                        Status.FAIL,
                        "TLS is enabled but neither smtpd_tls_chain_files nor smtpd_tls_cert_file is set",
                        List.of(main.lineOf("smtpd_tls_chain_files"), main.lineOf("smtpd_tls_cert_file")),
                        "postconf -e 'smtpd_tls_chain_files = /etc/ssl/private/mx.key, /etc/ssl/certs/mx.fullchain.pem'");
            }
        }
        if (ok && anyTls) {
            out.add(
                    ConfigCode.TLS_OK,
                    Status.PASS,
                    "STARTTLS on port 25" + (submission.isEmpty() ? "" : ", TLS required on submission")
                            + ", protocols "
                            + allowedProtocols(
                                    main.expanded("smtpd_tls_protocols").orElse("")),
                    List.of(main.lineOf("smtpd_tls_security_level"), main.lineOf("smtpd_tls_protocols")),
                    null);
        }
    }

    // ---- dnssec-dane (outbound) ------------------------------------------------------------

    private void dane() {
        String dns = main.expanded("smtp_dns_support_level").orElse("").strip();
        String level = main.expanded("smtp_tls_security_level").orElse("").strip();
        if (level.isEmpty()) {
            level = main.expanded("smtp_use_tls").orElse("").equalsIgnoreCase("yes") ? "may" : "none";
        }
        out.facts.put("smtpDnsSupportLevel", dns);
        out.facts.put("smtpTlsSecurityLevel", level);
        boolean dnssec = dns.equalsIgnoreCase("dnssec");
        boolean dane = level.equalsIgnoreCase("dane") || level.equalsIgnoreCase("dane-only");
        // RFC 7672 §2.2: DANE for SMTP needs DNSSEC-validated TLSA lookups.
        if (!dnssec) {
            out.add(
                    ConfigCode.DANE_DNS_SUPPORT_NOT_DNSSEC,
                    Status.WARN,
                    "smtp_dns_support_level = '" + dns
                            + "': outbound lookups are not DNSSEC-validated, so TLSA records cannot be used",
                    main.lineOf("smtp_dns_support_level"),
                    "postconf -e 'smtp_dns_support_level = dnssec'"
                            + "   # needs a validating resolver in /etc/resolv.conf");
        }
        if (!dane) {
            out.add(
                    ConfigCode.DANE_OUTBOUND_NOT_DANE,
                    Status.WARN,
                    "smtp_tls_security_level = '" + level + "': outbound TLS is not authenticated with DANE (RFC 7672)",
                    main.lineOf("smtp_tls_security_level"),
                    "postconf -e 'smtp_tls_security_level = dane'");
        }
        if (dnssec && dane) {
            out.add(
                    ConfigCode.DANE_OUTBOUND_OK,
                    Status.PASS,
                    "outbound DANE: smtp_dns_support_level = dnssec," + " smtp_tls_security_level = " + level,
                    List.of(main.lineOf("smtp_dns_support_level"), main.lineOf("smtp_tls_security_level")),
                    null);
        }
    }

    // ---- dos-limits ------------------------------------------------------------------------

    private void limits(View v, boolean postscreen) {
        boolean ok = true;
        for (String p : List.of(
                "smtpd_client_connection_count_limit",
                "smtpd_client_connection_rate_limit",
                "smtpd_client_message_rate_limit",
                "smtpd_client_auth_rate_limit")) {
            long n = number(v.get(p));
            if (n <= 0) {
                ok = false;
                out.add(
                        ConfigCode.DOS_RATE_LIMIT_UNSET,
                        Status.WARN,
                        p + " = '" + v.get(p)
                                + "' (0 = unlimited): one client may open connections, send mail or try passwords without limit",
                        v.ref(p),
                        "postconf -e '" + p + " = " + SUGGESTED.get(p) + "'");
            }
        }
        ok &= bound(v, "smtpd_soft_error_limit", 1, 10, false, "10");
        ok &= bound(v, "smtpd_hard_error_limit", 1, 20, false, "20");
        ok &= bound(v, "smtpd_error_sleep_time", 1, 10, true, "1s");
        ok &= bound(v, "smtpd_junk_command_limit", 1, 100, false, "100");
        ok &= bound(v, "smtpd_timeout", 10, 300, true, "300s");
        ok &= bound(v, "smtpd_recipient_limit", 1, 1000, false, "1000");
        if (ok) {
            out.add(
                    ConfigCode.DOS_LIMITS_OK,
                    Status.PASS,
                    v.label() + ": connection, rate, error, command and time limits" + " within bounds"
                            + (postscreen ? " behind postscreen" : ""),
                    List.of(v.ref("smtpd_client_connection_rate_limit"), v.ref("smtpd_client_auth_rate_limit")),
                    null);
        }
    }

    private static final Map<String, String> SUGGESTED = Map.of(
            "smtpd_client_connection_count_limit", "20",
            "smtpd_client_connection_rate_limit", "60",
            "smtpd_client_message_rate_limit", "100",
            "smtpd_client_auth_rate_limit", "10");

    private boolean bound(View v, String p, long min, long max, boolean time, String suggestion) {
        String raw = v.get(p);
        long n = time ? seconds(raw) : number(raw);
        if (n < min || n > max) {
            out.add(
                    ConfigCode.DOS_LIMIT_OUT_OF_BOUNDS,
                    Status.WARN,
                    p + " = '" + raw + "' is outside " + min + ".." + max + (time ? " seconds" : ""),
                    v.ref(p),
                    "postconf -e '" + p + " = " + suggestion + "'");
            return false;
        }
        return true;
    }

    static long number(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A Postfix time value: number with optional unit s, m, h, d, w (default seconds). */
    static long seconds(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return -1;
        }
        long mult = switch (t.charAt(t.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            case 'w' -> 604800;
            default -> 0;
        };
        String digits = mult == 0 ? t : t.substring(0, t.length() - 1);
        long n = number(digits);
        return n < 0 ? -1 : n * (mult == 0 ? 1 : mult);
    }

    // ---- maintained-mta --------------------------------------------------------------------

    private void maintained(List<View> port25) {
        String level = main.compatibilityLevel();
        boolean ok = true;
        out.facts.put("compatibilityLevel", level);
        if (PostfixDefaults.compareLevels(level, "3.6") < 0) {
            ok = false;
            boolean legacy = PostfixDefaults.compareLevels(level, "2") < 0;
            out.add(
                    ConfigCode.MTA_COMPATIBILITY_LEVEL_OLD,
                    legacy ? Status.FAIL : Status.WARN,
                    "compatibility_level = " + level
                            + (legacy
                                    ? ": backwards-compatible defaults in effect (mynetworks_style = subnet, relay_domains = $mydestination)"
                                    : ": defaults of Postfix 3.6 (e.g. sha256 fingerprints) not in effect"),
                    main.lineOf("compatibility_level"),
                    "postconf -e 'compatibility_level = 3.6'   # after reviewing COMPATIBILITY_README");
        }
        String rawBanner = main.raw("smtpd_banner").orElse("");
        String banner = main.expanded("smtpd_banner").orElse("");
        out.facts.put("banner", banner);
        out.facts.put("myhostname", main.expanded("myhostname").orElse(""));
        if (rawBanner.contains("mail_version") || banner.matches(".*\\b\\d+\\.\\d+\\.\\d+\\b.*")) {
            ok = false;
            out.add(
                    ConfigCode.MTA_BANNER_VERSION,
                    Status.FAIL,
                    "smtpd_banner = '" + rawBanner + "' tells every client the exact Postfix version",
                    main.lineOf("smtpd_banner"),
                    "postconf -e 'smtpd_banner = $myhostname ESMTP'");
        } else if (rawBanner.contains("mail_name")
                || banner.toLowerCase(Locale.ROOT).matches(".*(postfix|debian|ubuntu).*")) {
            ok = false;
            out.add(
                    ConfigCode.MTA_BANNER_SOFTWARE,
                    Status.WARN,
                    "smtpd_banner = '" + rawBanner + "' shows '" + banner + "': it names the software"
                            + (banner.contains("Debian") ? " and distribution" : ""),
                    main.lineOf("smtpd_banner"),
                    "postconf -e 'smtpd_banner = $myhostname ESMTP'");
        }
        // postconf(5): disable_vrfy_command defaults to no, and then VRFY answers a mailbox (252)
        // otherwise than an unknown address (550 5.1.1): address enumeration (CHECKS.md "smtp (25)")
        boolean vrfyOff = true;
        for (View v : port25) {
            if (!v.yes("disable_vrfy_command")) {
                vrfyOff = false;
                ok = false;
                LineRef ref = v.ref("disable_vrfy_command");
                boolean absent = ref.line() == 0;
                out.add(
                        ConfigCode.MTA_VRFY_ENABLED,
                        Status.WARN,
                        (absent
                                        ? "disable_vrfy_command is not set, so Postfix's default 'no' applies"
                                        : "disable_vrfy_command = " + v.get("disable_vrfy_command"))
                                + " on " + v.label()
                                + ": VRFY answers existing mailboxes otherwise than unknown ones, so anyone can"
                                + " find out which addresses exist",
                        ref,
                        "postconf -e 'disable_vrfy_command = yes'");
            }
        }
        out.facts.put("vrfyDisabled", vrfyOff);
        if (ok) {
            out.add(
                    ConfigCode.MTA_OK,
                    Status.PASS,
                    "compatibility_level = " + level + ", smtpd_banner = '" + rawBanner
                            + "', disable_vrfy_command = yes",
                    List.of(
                            main.lineOf("compatibility_level"),
                            main.lineOf("smtpd_banner"),
                            main.lineOf("disable_vrfy_command")),
                    null);
        }
    }

    // ---- rspamd (Postfix side) -------------------------------------------------------------

    /** Milter endpoints and legacy filters; the Rspamd side is judged by {@link RspamdRules}. */
    private void milters() {
        out.facts.put("smtpdMilters", main.expanded("smtpd_milters").orElse(""));
        out.facts.put("nonSmtpdMilters", main.expanded("non_smtpd_milters").orElse(""));
        List<String> legacy = new ArrayList<>();
        List<LineRef> refs = new ArrayList<>();
        String filter = main.expanded("content_filter").orElse("");
        if (filter.toLowerCase(Locale.ROOT).matches(".*(amavis|spamassassin|spamc|10024).*")) {
            legacy.add("content_filter = " + filter);
            refs.add(main.lineOf("content_filter"));
        }
        for (String p : List.of("smtpd_milters", "non_smtpd_milters")) {
            String v = main.expanded(p).orElse("").toLowerCase(Locale.ROOT);
            if (v.matches(".*(opendkim|:8891|opendmarc|:8893|spamass|:783\\b|clamav-milter).*")) {
                legacy.add(p + " = " + main.expanded(p).orElse(""));
                refs.add(main.lineOf(p));
            }
        }
        master.ifPresent(m -> m.services().forEach(s -> {
            String all = (s.command() + " " + String.join(" ", s.args())).toLowerCase(Locale.ROOT);
            boolean contentFilterOverride = s.override("content_filter")
                    .map(o -> o.value().toLowerCase(Locale.ROOT).matches(".*(amavis|spamassassin|spamc).*"))
                    .orElse(false);
            if (all.matches(".*\\b(spamc|spamassassin|amavisd?)\\b.*") || contentFilterOverride) {
                legacy.add("master.cf service " + s.name() + "/" + s.type());
                refs.add(new LineRef(LineRef.MASTER, s.line(), s.text()));
            }
        }));
        out.facts.put("legacyFilters", legacy);
        legacyFilters = legacy;
        legacyRefs = refs;
    }

    List<String> legacyFilters = List.of();
    List<LineRef> legacyRefs = List.of();

    /** Lines of the milter parameters, for the Rspamd rules. */
    LineRef ref(String name) {
        return main.lineOf(name);
    }
}
