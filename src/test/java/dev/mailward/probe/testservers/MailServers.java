package dev.mailward.probe.testservers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Scripts of small SMTP, IMAP, POP3 and ManageSieve servers with configurable behaviour. */
public final class MailServers {

    private MailServers() {}

    /**
     * An SMTP server.
     *
     * @param banner greeting lines (multi-line greetings allowed)
     * @param capsPlain EHLO keywords before TLS
     * @param capsTls EHLO keywords under TLS
     * @param tls server TLS; null = no STARTTLS
     * @param implicitTls TLS at once (port 465 style)
     * @param openRelay accept RCPT to any domain
     * @param vrfyReply the answer to {@code VRFY postmaster}
     * @param expnReply the answer to {@code EXPN postmaster}
     * @param vrfyOtherReply the answer to VRFY of any other local part ({@code %s} = the argument)
     * @param expnOtherReply the answer to EXPN of any other local part ({@code %s} = the argument)
     */
    public record Smtp(
            List<String> banner,
            List<String> capsPlain,
            List<String> capsTls,
            ServerTls tls,
            boolean implicitTls,
            boolean relayOpen,
            String vrfyReply,
            String expnReply,
            String vrfyOtherReply,
            String expnOtherReply) {

        public static Smtp hardened(ServerTls tls) {
            return new Smtp(
                    List.of("220 mx.test ESMTP"),
                    List.of("PIPELINING", "SIZE 10240000", "STARTTLS", "8BITMIME"),
                    List.of("PIPELINING", "SIZE 10240000", "8BITMIME"),
                    tls,
                    false,
                    false,
                    "502 5.5.1 VRFY command is disabled",
                    "502 5.5.2 Error: command not recognized",
                    "502 5.5.1 VRFY command is disabled",
                    "502 5.5.2 Error: command not recognized");
        }

        /**
         * As Postfix answers with its default {@code disable_vrfy_command = no}: EHLO lists VRFY,
         * {@code VRFY postmaster} is 252 (an alias it will not resolve), an unknown local part is
         * 550 5.1.1; EXPN is not implemented.
         */
        public static Smtp postfixDefaultVrfy(ServerTls tls) {
            List<String> plain = List.of("PIPELINING", "SIZE 10240000", "VRFY", "ETRN", "STARTTLS", "8BITMIME");
            List<String> secure = List.of("PIPELINING", "SIZE 10240000", "VRFY", "ETRN", "8BITMIME");
            return hardened(tls)
                    .withCaps(plain, secure)
                    .withVrfyFor(
                            "252 2.0.0 postmaster",
                            "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table",
                            "502 5.5.2 Error: command not recognized",
                            "502 5.5.2 Error: command not recognized");
        }

        public Smtp withBanner(String... lines) {
            return new Smtp(
                    List.of(lines),
                    capsPlain,
                    capsTls,
                    tls,
                    implicitTls,
                    relayOpen,
                    vrfyReply,
                    expnReply,
                    vrfyOtherReply,
                    expnOtherReply);
        }

        public Smtp withCaps(List<String> plain, List<String> secure) {
            return new Smtp(
                    banner,
                    plain,
                    secure,
                    tls,
                    implicitTls,
                    relayOpen,
                    vrfyReply,
                    expnReply,
                    vrfyOtherReply,
                    expnOtherReply);
        }

        public Smtp openRelay() {
            return new Smtp(
                    banner,
                    capsPlain,
                    capsTls,
                    tls,
                    implicitTls,
                    true,
                    vrfyReply,
                    expnReply,
                    vrfyOtherReply,
                    expnOtherReply);
        }

        public Smtp implicit() {
            return new Smtp(
                    banner,
                    capsPlain,
                    capsTls,
                    tls,
                    true,
                    relayOpen,
                    vrfyReply,
                    expnReply,
                    vrfyOtherReply,
                    expnOtherReply);
        }

        /** VRFY and EXPN answering every local part alike. */
        public Smtp withVrfy(String vrfy, String expn) {
            return withVrfyFor(vrfy, vrfy, expn, expn);
        }

        /** VRFY and EXPN answering {@code postmaster} and any other local part differently. */
        public Smtp withVrfyFor(String vrfyPostmaster, String vrfyOther, String expnPostmaster, String expnOther) {
            return new Smtp(
                    banner,
                    capsPlain,
                    capsTls,
                    tls,
                    implicitTls,
                    relayOpen,
                    vrfyPostmaster,
                    expnPostmaster,
                    vrfyOther,
                    expnOther);
        }

        public Smtp noStartTls() {
            List<String> caps = new ArrayList<>(capsPlain);
            caps.remove("STARTTLS");
            return new Smtp(
                    banner,
                    caps,
                    capsTls,
                    null,
                    false,
                    relayOpen,
                    vrfyReply,
                    expnReply,
                    vrfyOtherReply,
                    expnOtherReply);
        }

        public ScriptedServer.Script script() {
            return c -> {
                if (implicitTls) {
                    c.startTls(tls);
                }
                c.send(banner.toArray(String[]::new));
                while (true) {
                    String line = c.readLine();
                    if (line == null) {
                        return;
                    }
                    String u = line.toUpperCase(Locale.ROOT);
                    if (u.startsWith("EHLO ")) {
                        List<String> caps = c.secure() ? capsTls : capsPlain;
                        List<String> out = new ArrayList<>();
                        out.add((caps.isEmpty() ? "250 " : "250-") + "mx.test");
                        for (int i = 0; i < caps.size(); i++) {
                            out.add((i == caps.size() - 1 ? "250 " : "250-") + caps.get(i));
                        }
                        c.send(out.toArray(String[]::new));
                    } else if (u.equals("STARTTLS") && tls != null && !c.secure()) {
                        c.send("220 2.0.0 Ready to start TLS");
                        c.startTls(tls);
                    } else if (u.startsWith("VRFY") || u.startsWith("EXPN")) {
                        String arg = line.length() > 5 ? line.substring(5).strip() : "";
                        boolean postmaster = arg.equalsIgnoreCase("postmaster");
                        String reply = u.startsWith("VRFY")
                                ? (postmaster ? vrfyReply : vrfyOtherReply)
                                : (postmaster ? expnReply : expnOtherReply);
                        c.send(reply.replace("%s", arg));
                    } else if (u.startsWith("MAIL FROM:")) {
                        c.send("250 2.1.0 Ok");
                    } else if (u.startsWith("RCPT TO:")) {
                        c.send(relayOpen ? "250 2.1.5 Ok" : "554 5.7.1 <relay-test@example.net>: Relay access denied");
                    } else if (u.equals("RSET")) {
                        c.send("250 2.0.0 Ok");
                    } else if (u.equals("QUIT")) {
                        c.send("221 2.0.0 Bye");
                        return;
                    } else {
                        c.send("502 5.5.2 Error: command not recognized");
                    }
                }
            };
        }
    }

    /** An IMAP server; {@code capsPlain} should hold STARTTLS and LOGINDISABLED when hardened. */
    public record Imap(
            String greeting, List<String> capsPlain, List<String> capsTls, ServerTls tls, boolean implicitTls) {

        public static Imap hardened(ServerTls tls) {
            return new Imap(
                    "* OK IMAP server ready",
                    List.of("IMAP4rev1", "STARTTLS", "LOGINDISABLED", "SASL-IR"),
                    List.of("IMAP4rev1", "AUTH=PLAIN", "SASL-IR"),
                    tls,
                    false);
        }

        public Imap withoutLoginDisabled() {
            return new Imap(greeting, List.of("IMAP4rev1", "STARTTLS", "AUTH=PLAIN"), capsTls, tls, implicitTls);
        }

        public Imap implicit() {
            return new Imap(greeting, capsPlain, capsTls, tls, true);
        }

        public ScriptedServer.Script script() {
            return c -> {
                if (implicitTls) {
                    c.startTls(tls);
                }
                c.send(greeting);
                while (true) {
                    String line = c.readLine();
                    if (line == null) {
                        return;
                    }
                    String[] parts = line.split(" ", 2);
                    String tag = parts[0];
                    String cmd = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
                    switch (cmd) {
                        case "CAPABILITY" ->
                            c.send(
                                    "* CAPABILITY " + String.join(" ", c.secure() ? capsTls : capsPlain),
                                    tag + " OK CAPABILITY completed");
                        case "STARTTLS" -> {
                            c.send(tag + " OK Begin TLS negotiation now");
                            c.startTls(tls);
                        }
                        case "LOGOUT" -> {
                            c.send("* BYE Logging out", tag + " OK Logout completed");
                            return;
                        }
                        default -> c.send(tag + " BAD Unknown command");
                    }
                }
            };
        }
    }

    /** A POP3 server. */
    public record Pop3(List<String> capsPlain, ServerTls tls, boolean userInClear, boolean implicitTls) {

        public static Pop3 hardened(ServerTls tls) {
            return new Pop3(List.of("TOP", "UIDL", "STLS", "PIPELINING"), tls, false, false);
        }

        public Pop3 userAccepted() {
            return new Pop3(List.of("TOP", "UIDL", "STLS", "USER"), tls, true, implicitTls);
        }

        public ScriptedServer.Script script() {
            return c -> {
                if (implicitTls) {
                    c.startTls(tls);
                }
                c.send("+OK POP3 ready");
                while (true) {
                    String line = c.readLine();
                    if (line == null) {
                        return;
                    }
                    String u = line.toUpperCase(Locale.ROOT);
                    if (u.equals("CAPA")) {
                        List<String> out = new ArrayList<>();
                        out.add("+OK Capability list follows");
                        out.addAll(c.secure() ? List.of("TOP", "UIDL", "USER", "SASL PLAIN") : capsPlain);
                        out.add(".");
                        c.send(out.toArray(String[]::new));
                    } else if (u.equals("STLS") && tls != null) {
                        c.send("+OK Begin TLS negotiation");
                        c.startTls(tls);
                    } else if (u.startsWith("USER ")) {
                        c.send(
                                userInClear || c.secure()
                                        ? "+OK"
                                        : "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
                    } else if (u.equals("QUIT")) {
                        c.send("+OK Logging out");
                        return;
                    } else {
                        c.send("-ERR Unknown command");
                    }
                }
            };
        }
    }

    /** A ManageSieve server; {@code saslPlain} is the SASL list offered before TLS. */
    public record Sieve(String saslPlain, ServerTls tls) {

        public static Sieve hardened(ServerTls tls) {
            return new Sieve("", tls);
        }

        private List<String> caps(boolean secure) {
            List<String> l = new ArrayList<>();
            l.add("\"IMPLEMENTATION\" \"Test Sieve\"");
            l.add("\"SIEVE\" \"fileinto reject\"");
            l.add("\"SASL\" \"" + (secure ? "PLAIN" : saslPlain) + "\"");
            if (!secure && tls != null) {
                l.add("\"STARTTLS\"");
            }
            l.add("\"VERSION\" \"1.0\"");
            l.add("OK \"ready\"");
            return l;
        }

        public ScriptedServer.Script script() {
            return c -> {
                c.send(caps(false).toArray(String[]::new));
                while (true) {
                    String line = c.readLine();
                    if (line == null) {
                        return;
                    }
                    String u = line.toUpperCase(Locale.ROOT);
                    if (u.equals("STARTTLS") && tls != null) {
                        c.send("OK \"Begin TLS negotiation now\"");
                        c.startTls(tls);
                        c.send(caps(true).toArray(String[]::new));
                    } else if (u.equals("LOGOUT")) {
                        c.send("OK \"Logout completed\"");
                        return;
                    } else {
                        c.send("NO \"Unknown command\"");
                    }
                }
            };
        }
    }
}
