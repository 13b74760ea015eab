package dev.mailward.configaudit;

import dev.mailward.checks.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The rspamd rules: Postfix milters pointing at the Rspamd proxy, DKIM signing, legacy filters. */
final class RspamdRules {

    private final Optional<PostfixMainConfig> main;
    private final Optional<PostfixRules> postfix;
    private final Optional<Ucl.Obj> dump;
    private final Collector out;

    RspamdRules(
            Optional<PostfixMainConfig> main, Optional<PostfixRules> postfix, Optional<Ucl.Obj> dump, Collector out) {
        this.main = main;
        this.postfix = postfix;
        this.dump = dump;
        this.out = out;
    }

    /** The proxy worker's milter sockets from the dump, or Rspamd's default {@code localhost:11332}. */
    List<String> proxySockets() {
        List<String> sockets = new ArrayList<>();
        dump.ifPresent(root -> {
            for (Ucl w : root.all("worker")) {
                if (w instanceof Ucl.Obj o) {
                    o.object("rspamd_proxy").or(() -> o.object("proxy")).ifPresent(p -> {
                        if (!p.scalar("milter")
                                .map(v -> v.equalsIgnoreCase("false"))
                                .orElse(false)) {
                            p.get("bind_socket").ifPresent(b -> sockets.addAll(Ucl.strings(b)));
                        }
                    });
                }
            }
        });
        if (sockets.isEmpty()) {
            sockets.add("localhost:11332");
        }
        return sockets;
    }

    static boolean pointsAt(String milters, List<String> sockets) {
        String m = milters.toLowerCase(Locale.ROOT);
        for (String s : sockets) {
            String sock = s.toLowerCase(Locale.ROOT).replaceFirst("^\\*", "");
            String port = sock.contains(":") ? sock.substring(sock.lastIndexOf(':')) : null;
            if (port != null && m.matches(".*inet:[^,\\s}]*" + java.util.regex.Pattern.quote(port) + "\\b.*")) {
                return true;
            }
            if (sock.startsWith("/") && m.contains("unix:" + sock.replaceFirst(":.*$", ""))) {
                return true;
            }
        }
        return m.contains("rspamd");
    }

    void run() {
        boolean rspamdMilter = false;
        if (main.isPresent()) {
            PostfixMainConfig m = main.get();
            List<String> sockets = proxySockets();
            String smtpd = m.expanded("smtpd_milters").orElse("");
            String nonSmtpd = m.expanded("non_smtpd_milters").orElse("");
            rspamdMilter = pointsAt(smtpd, sockets);
            if (rspamdMilter) {
                out.add(
                        ConfigCode.RSPAMD_MILTER_OK,
                        Status.PASS,
                        "smtpd_milters = '" + smtpd + "' reaches the Rspamd proxy " + sockets,
                        m.lineOf("smtpd_milters"),
                        null);
                if (!pointsAt(nonSmtpd, sockets)) {
                    out.add(
                            ConfigCode.RSPAMD_NON_SMTPD_MILTER_MISSING,
                            Status.WARN,
                            "non_smtpd_milters = '" + nonSmtpd
                                    + "': mail submitted with sendmail(1) is neither filtered nor DKIM-signed",
                            m.lineOf("non_smtpd_milters"),
                            "postconf -e 'non_smtpd_milters = $smtpd_milters'");
                }
                String action = m.expanded("milter_default_action")
                        .orElse("tempfail")
                        .strip()
                        .toLowerCase(Locale.ROOT);
                if (!action.equals("accept") && !action.equals("tempfail")) {
                    out.add(
                            ConfigCode.RSPAMD_MILTER_DEFAULT_ACTION,
                            Status.WARN,
                            "milter_default_action = " + action
                                    + ": when Rspamd is down mail is " + (action.equals("reject") ? "bounced" : "held")
                                    + "; choose accept (deliver unfiltered) or tempfail (sender retries)",
                            m.lineOf("milter_default_action"),
                            "postconf -e 'milter_default_action = accept'");
                }
            } else {
                out.add(
                        ConfigCode.RSPAMD_MILTER_MISSING,
                        Status.FAIL,
                        "smtpd_milters = '" + smtpd + "' does not reach the Rspamd proxy " + sockets,
                        m.lineOf("smtpd_milters"),
                        "postconf -e 'smtpd_milters = inet:localhost:11332'\n"
                                + "postconf -e 'non_smtpd_milters = $smtpd_milters'\n"
                                + "postconf -e 'milter_default_action = accept'");
            }
        }
        postfix.ifPresent(p -> {
            if (!p.legacyFilters.isEmpty()) {
                out.add(
                        ConfigCode.RSPAMD_LEGACY_STACK,
                        Status.WARN,
                        "legacy filters configured: " + p.legacyFilters
                                + (out.facts.get("rspamdMilter") == Boolean.TRUE ? "" : ""),
                        p.legacyRefs,
                        "remove the legacy milters/content_filter once Rspamd does filtering and DKIM signing:\n"
                                + "postconf -e 'content_filter ='\npostconf -e 'smtpd_milters = inet:localhost:11332'");
            }
        });
        out.facts.put("rspamdMilter", rspamdMilter);
        dump.ifPresent(this::dkim);
    }

    private void dkim(Ucl.Obj root) {
        Optional<Ucl.Obj> d = root.object("dkim_signing");
        if (d.isEmpty()) {
            out.add(
                    ConfigCode.RSPAMD_DKIM_SIGNING_DISABLED,
                    Status.FAIL,
                    "no dkim_signing section in the Rspamd configuration",
                    new LineRef(LineRef.RSPAMD, 0, "dkim_signing not present"),
                    DKIM_FIX);
            return;
        }
        Ucl.Obj o = d.get();
        LineRef at = new LineRef(LineRef.RSPAMD, o.line(), "dkim_signing {");
        Optional<Ucl> enabled = o.get("enabled");
        if (enabled.isPresent() && enabled.get() instanceof Ucl.Scalar s && s.isFalse()) {
            out.add(
                    ConfigCode.RSPAMD_DKIM_SIGNING_DISABLED,
                    Status.FAIL,
                    "dkim_signing enabled = " + s.value(),
                    new LineRef(LineRef.RSPAMD, s.line(), "enabled = " + s.value() + ";"),
                    DKIM_FIX);
            return;
        }
        List<String> configured = new ArrayList<>();
        o.object("domain").ifPresent(dom -> {
            if (!dom.entries().isEmpty()) {
                configured.add("domain " + dom.entries().keySet());
            }
        });
        for (String k : List.of("path", "selector_map", "path_map")) {
            o.scalar(k).ifPresent(v -> configured.add(k + " = " + v));
        }
        o.scalar("use_redis")
                .filter(v -> v.equalsIgnoreCase("true"))
                .ifPresent(v -> configured.add("use_redis = true"));
        out.facts.put("dkimSigning", configured);
        dkimSelectors(o);
        if (configured.isEmpty()) {
            out.add(
                    ConfigCode.RSPAMD_DKIM_SIGNING_DEFAULTS,
                    Status.WARN,
                    "dkim_signing has no domain, path or selector"
                            + " map: mail is signed only if a key happens to exist at ${DBDIR}/dkim/$domain.$selector.key",
                    at,
                    DKIM_FIX);
        } else {
            out.add(ConfigCode.RSPAMD_DKIM_SIGNING_OK, Status.PASS, "dkim_signing configured: " + configured, at, null);
        }
    }

    /** Domains named in {@code dkim_signing.domain} that are remembered (bounded: configs are hostile). */
    static final int MAX_DKIM_DOMAINS = 1000;

    /**
     * The selectors Rspamd signs with, as facts for {@link ConfigCorrelation}: {@code dkimSelector}
     * (the module-wide one, Rspamd's default {@code dkim} when unset) and {@code dkimDomainSelectors}
     * (domain, lower case, to the selectors of its {@code domain { ... }} entry, which may list
     * several keys as {@code selectors [ { selector; path } ]}). With {@code selector_map} or Redis
     * the selectors live outside the configuration: {@code dkimSelectorsExternal} says so.
     */
    private void dkimSelectors(Ucl.Obj o) {
        out.facts.put("dkimSelector", o.scalar("selector").orElse("dkim"));
        boolean external = o.scalar("selector_map").isPresent()
                || o.scalar("use_redis").filter(v -> v.equalsIgnoreCase("true")).isPresent();
        out.facts.put("dkimSelectorsExternal", external);
        Map<String, List<String>> byDomain = new TreeMap<>();
        o.object("domain").ifPresent(dom -> {
            for (Map.Entry<String, List<Ucl>> e : dom.entries().entrySet()) {
                if (byDomain.size() >= MAX_DKIM_DOMAINS) {
                    break;
                }
                List<String> sels = new ArrayList<>();
                for (Ucl u : e.getValue()) {
                    if (u instanceof Ucl.Obj d) {
                        d.scalar("selector").ifPresent(sels::add);
                        for (Ucl s : d.all("selectors")) {
                            if (s instanceof Ucl.Arr arr) {
                                arr.items().stream()
                                        .filter(Ucl.Obj.class::isInstance)
                                        .map(Ucl.Obj.class::cast)
                                        .forEach(k -> k.scalar("selector").ifPresent(sels::add));
                            }
                        }
                    }
                }
                byDomain.put(
                        e.getKey().toLowerCase(Locale.ROOT).replaceFirst("\\.$", ""),
                        sels.stream()
                                .map(x -> x.toLowerCase(Locale.ROOT))
                                .distinct()
                                .limit(16)
                                .toList());
            }
        });
        out.facts.put("dkimDomainSelectors", byDomain);
    }

    private static final String DKIM_FIX = """
            /etc/rspamd/local.d/dkim_signing.conf:
            enabled = true;
            selector = "s2025";
            path = "/var/lib/rspamd/dkim/$domain.$selector.key";
            allow_username_mismatch = true;
            """;
}
