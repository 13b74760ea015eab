package dev.mailward.probe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol-specific steps of a session. Each step sends at most one command and reads its
 * whole reply before the next (no pipelining, RFC 2920 is never used).
 */
sealed interface Dialect permits Dialect.Smtp, Dialect.Imap, Dialect.Pop3, Dialect.Sieve {

    /** Reads the whole greeting; a refusal ({@code 421}, {@code * BYE}, {@code -ERR}) aborts. */
    Reply greeting(LineSession s) throws IOException;

    /** Asks for (or, for ManageSieve after TLS, reads) the capability list, upper case. */
    List<String> capabilities(LineSession s, boolean afterTls) throws IOException;

    /** Whether the capabilities advertise the STARTTLS/STLS command. */
    boolean tlsOffered(List<String> capabilities);

    /** Sends STARTTLS/STLS; empty when the server agreed, else its refusal. */
    Optional<Reply> startTls(LineSession s) throws IOException;

    /** Probes sent in clear before TLS (POP3 {@code USER}); none by default. */
    default void plaintextProbes(LineSession s, ProbeSettings settings, Map<String, Reply> replies)
            throws IOException {}

    /**
     * Probes sent once TLS is up or was never offered (SMTP VRFY, EXPN, relay test).
     *
     * @param unknownLocalPart a random local part no mailbox has, asked about beside {@code postmaster}
     */
    default void probes(LineSession s, ProbeSettings settings, String unknownLocalPart, Map<String, Reply> replies)
            throws IOException {}

    /** Ends the session politely ({@code QUIT}/{@code LOGOUT}); errors are ignored by callers. */
    void quit(LineSession s) throws IOException;

    static Dialect of(Protocol p, String ehloName) {
        return switch (p) {
            case SMTP, SUBMISSION, SUBMISSIONS -> new Smtp(ehloName);
            case IMAP, IMAPS -> new Imap();
            case POP3, POP3S -> new Pop3();
            case MANAGESIEVE -> new Sieve();
        };
    }

    private static ProbeAbort rateLimited(Reply r) {
        return new ProbeAbort("server answered " + r.status() + ": " + r.text() + " (not testable, rate limited?)");
    }

    /** SMTP, RFC 5321 with STARTTLS (RFC 3207). */
    final class Smtp implements Dialect {

        /** Reads one reply: lines {@code ddd-text} until {@code ddd text} (RFC 5321 §4.2.1). */
        static Reply read(LineSession s) throws IOException {
            List<String> lines = new ArrayList<>();
            String code = null;
            while (true) {
                String line = s.readLine();
                if (lines.size() >= s.limits().maxReplyLines()) {
                    throw new ProbeAbort("reply has more than " + s.limits().maxReplyLines() + " lines");
                }
                if (line.length() < 3
                        || !line.substring(0, 3).chars().allMatch(Character::isDigit)
                        || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                    throw new ProbeAbort("malformed SMTP reply line '" + abbreviate(line) + "'");
                }
                String c = line.substring(0, 3);
                if (code != null && !code.equals(c)) {
                    throw new ProbeAbort("reply code changed from " + code + " to " + c + " within one reply");
                }
                code = c;
                lines.add(line);
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    return new Reply(code, lines);
                }
            }
        }

        private static Reply command(LineSession s, String cmd) throws IOException {
            s.send(cmd);
            Reply r = read(s);
            if (r.status().equals("421")) {
                throw rateLimited(r);
            }
            return r;
        }

        @Override
        public Reply greeting(LineSession s) throws IOException {
            Reply r = read(s);
            if (!r.status().equals("220")) {
                throw new ProbeAbort("greeting is " + r.status() + " not 220: " + abbreviate(r.text())
                        + (r.status().equals("421") || r.status().equals("554")
                                ? " (not testable, rate limited or refused)"
                                : ""));
            }
            return r;
        }

        private final String ehloName;

        Smtp(String ehloName) {
            this.ehloName = ehloName;
        }

        @Override
        public List<String> capabilities(LineSession s, boolean afterTls) throws IOException {
            s.step(afterTls ? "reading EHLO after STARTTLS" : "reading EHLO");
            Reply r = command(s, "EHLO " + ehloName);
            if (r.smtpClass() != '2') {
                throw new ProbeAbort("EHLO refused: " + abbreviate(r.text()));
            }
            List<String> caps = new ArrayList<>();
            for (int i = 1; i < r.lines().size(); i++) {
                caps.add(r.lines().get(i).substring(4).strip().toUpperCase(Locale.ROOT));
            }
            return caps;
        }

        @Override
        public boolean tlsOffered(List<String> caps) {
            return caps.stream().anyMatch(c -> c.equals("STARTTLS"));
        }

        @Override
        public Optional<Reply> startTls(LineSession s) throws IOException {
            s.step("sending STARTTLS");
            Reply r = command(s, "STARTTLS");
            return r.status().equals("220") ? Optional.empty() : Optional.of(r);
        }

        @Override
        public void probes(LineSession s, ProbeSettings settings, String unknownLocalPart, Map<String, Reply> replies)
                throws IOException {
            // RFC 5321 §3.5.3: 250/251 verify the address, 252 neither confirms nor denies. One answer
            // alone shows nothing: a server that answers a mailbox every server has (postmaster,
            // RFC 5321 §4.5.1) differently from a made-up one lets anyone sort real addresses from
            // guesses. Two commands per verb, never more.
            for (String verb : List.of("VRFY", "EXPN")) {
                s.step("probing " + verb + " postmaster");
                replies.put(verb, command(s, verb + " postmaster"));
                s.step("probing " + verb + " with a random local part");
                replies.put(verb + EndpointObservation.UNKNOWN_SUFFIX, command(s, verb + " " + unknownLocalPart));
            }
            // the open relay test: an unauthenticated foreign sender to an unrelated recipient;
            // DATA is never sent, the transaction is reset
            s.step("relay test MAIL FROM");
            Reply mail = command(s, "MAIL FROM:<" + settings.mailFrom() + ">");
            replies.put("MAIL", mail);
            if (mail.smtpClass() == '2') {
                s.step("relay test RCPT TO");
                replies.put("RCPT", command(s, "RCPT TO:<" + settings.relayTestRecipient() + ">"));
                s.step("resetting the relay test");
                command(s, "RSET");
            }
        }

        @Override
        public void quit(LineSession s) throws IOException {
            s.step("quitting");
            s.send("QUIT");
            read(s);
            s.awaitServerClose(java.time.Duration.ofSeconds(1));
        }
    }

    /** IMAP, RFC 9051 / RFC 3501 with STARTTLS (RFC 2595, RFC 9051 §6.2.1). */
    final class Imap implements Dialect {
        private int tag;

        private Reply command(LineSession s, String cmd) throws IOException {
            String t = "a" + (++tag);
            s.send(t + " " + cmd);
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = s.readLine();
                if (lines.size() >= s.limits().maxReplyLines()) {
                    throw new ProbeAbort("reply has more than " + s.limits().maxReplyLines() + " lines");
                }
                lines.add(line);
                if (line.startsWith(t + " ")) {
                    String status = word(line.substring(t.length() + 1));
                    return new Reply(status, lines);
                }
                if (line.startsWith("* BYE")) {
                    throw new ProbeAbort("server said " + abbreviate(line) + " (not testable)");
                }
            }
        }

        @Override
        public Reply greeting(LineSession s) throws IOException {
            String line = s.readLine();
            if (!line.startsWith("* OK") && !line.startsWith("* PREAUTH")) {
                throw new ProbeAbort("greeting is not '* OK': '" + abbreviate(line) + "'");
            }
            return new Reply("OK", List.of(line));
        }

        @Override
        public List<String> capabilities(LineSession s, boolean afterTls) throws IOException {
            s.step(afterTls ? "reading CAPABILITY after STARTTLS" : "reading CAPABILITY");
            Reply r = command(s, "CAPABILITY");
            if (!r.status().equals("OK")) {
                throw new ProbeAbort("CAPABILITY refused: " + abbreviate(r.text()));
            }
            List<String> caps = new ArrayList<>();
            for (String line : r.lines()) {
                if (line.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
                    for (String c : line.substring(13).strip().split(" +")) {
                        caps.add(c.toUpperCase(Locale.ROOT));
                    }
                }
            }
            return caps;
        }

        @Override
        public boolean tlsOffered(List<String> caps) {
            return caps.contains("STARTTLS");
        }

        @Override
        public Optional<Reply> startTls(LineSession s) throws IOException {
            s.step("sending STARTTLS");
            Reply r = command(s, "STARTTLS");
            return r.status().equals("OK") ? Optional.empty() : Optional.of(r);
        }

        @Override
        public void quit(LineSession s) throws IOException {
            s.step("logging out");
            command(s, "LOGOUT");
        }
    }

    /** POP3, RFC 1939 with CAPA (RFC 2449) and STLS (RFC 2595). */
    final class Pop3 implements Dialect {

        private static Reply single(LineSession s, String cmd) throws IOException {
            s.send(cmd);
            String line = s.readLine();
            return new Reply(line.startsWith("+OK") ? "+OK" : line.startsWith("-ERR") ? "-ERR" : "?", List.of(line));
        }

        @Override
        public Reply greeting(LineSession s) throws IOException {
            String line = s.readLine();
            if (!line.startsWith("+OK")) {
                throw new ProbeAbort("greeting is not '+OK': '" + abbreviate(line) + "'");
            }
            return new Reply("+OK", List.of(line));
        }

        @Override
        public List<String> capabilities(LineSession s, boolean afterTls) throws IOException {
            s.step(afterTls ? "reading CAPA after STLS" : "reading CAPA");
            Reply r = single(s, "CAPA");
            List<String> caps = new ArrayList<>();
            if (!r.status().equals("+OK")) {
                return caps;
            }
            while (true) {
                String line = s.readLine();
                if (line.equals(".")) {
                    return caps;
                }
                if (caps.size() >= s.limits().maxReplyLines()) {
                    throw new ProbeAbort("CAPA has more than " + s.limits().maxReplyLines() + " lines");
                }
                caps.add(line.strip().toUpperCase(Locale.ROOT));
            }
        }

        @Override
        public boolean tlsOffered(List<String> caps) {
            return caps.contains("STLS");
        }

        @Override
        public Optional<Reply> startTls(LineSession s) throws IOException {
            s.step("sending STLS");
            Reply r = single(s, "STLS");
            return r.status().equals("+OK") ? Optional.empty() : Optional.of(r);
        }

        @Override
        public void plaintextProbes(LineSession s, ProbeSettings settings, Map<String, Reply> replies)
                throws IOException {
            // a hardened server refuses USER before TLS (RFC 2595 §4 LOGINDISABLED analogue);
            // PASS is never sent
            s.step("probing USER in clear");
            replies.put("USER", single(s, "USER probe"));
        }

        @Override
        public void quit(LineSession s) throws IOException {
            s.step("quitting");
            single(s, "QUIT");
        }
    }

    /** ManageSieve, RFC 5804. */
    final class Sieve implements Dialect {

        /** Reads capability lines up to the final {@code OK}; {@code NO}/{@code BYE} abort. */
        private static Reply response(LineSession s) throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = s.readLine();
                if (lines.size() >= s.limits().maxReplyLines()) {
                    throw new ProbeAbort("response has more than " + s.limits().maxReplyLines() + " lines");
                }
                lines.add(line);
                String w = word(line).toUpperCase(Locale.ROOT);
                if (w.equals("OK") || w.equals("NO") || w.equals("BYE")) {
                    return new Reply(w, lines);
                }
            }
        }

        private List<String> pending = List.of();

        @Override
        public Reply greeting(LineSession s) throws IOException {
            // RFC 5804 §1.7: the greeting is the capability list, ended by OK
            Reply r = response(s);
            if (!r.status().equals("OK")) {
                throw new ProbeAbort(
                        "greeting ended with " + abbreviate(r.lines().getLast()) + " (not testable)");
            }
            pending = parse(r);
            return r;
        }

        private static List<String> parse(Reply r) {
            List<String> caps = new ArrayList<>();
            for (String line : r.lines().subList(0, r.lines().size() - 1)) {
                caps.add(line.replace("\"", "").strip().toUpperCase(Locale.ROOT));
            }
            return caps;
        }

        @Override
        public List<String> capabilities(LineSession s, boolean afterTls) throws IOException {
            if (afterTls) {
                // RFC 5804 §2.2: after a successful STARTTLS the server re-sends its capabilities
                s.step("reading capabilities after STARTTLS");
                Reply r = response(s);
                if (!r.status().equals("OK")) {
                    throw new ProbeAbort("capabilities after STARTTLS ended with "
                            + abbreviate(r.lines().getLast()));
                }
                return parse(r);
            }
            return pending;
        }

        @Override
        public boolean tlsOffered(List<String> caps) {
            return caps.contains("STARTTLS");
        }

        @Override
        public Optional<Reply> startTls(LineSession s) throws IOException {
            s.step("sending STARTTLS");
            s.send("STARTTLS");
            Reply r = response(s);
            return r.status().equals("OK") ? Optional.empty() : Optional.of(r);
        }

        @Override
        public void quit(LineSession s) throws IOException {
            s.step("logging out");
            s.send("LOGOUT");
            response(s);
        }
    }

    private static String word(String s) {
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
