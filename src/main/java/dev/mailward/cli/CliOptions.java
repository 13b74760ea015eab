package dev.mailward.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parsed command line of {@code check}. Every problem is a {@link UsageException} naming the
 * offending argument.
 */
record CliOptions(
        List<String> domains,
        Optional<Path> domainsFile,
        List<String> resolvers,
        Optional<Path> trustAnchors,
        Optional<Path> ca,
        List<String> allowTargets,
        List<String> selectors,
        String format,
        int concurrency,
        boolean probe,
        List<String> endpoints,
        Optional<String> dnssecMode,
        int timeoutSeconds,
        List<String> dnsbl,
        boolean help) {

    static final String USAGE = """
            Usage: java -jar mailward.jar check DOMAIN [options]
                   java -jar mailward.jar check --domains-file FILE [--concurrency N] [--format jsonl] [options]

            Runs Mailward's DNS checks (mx, spf, dmarc, dkim, mta-sts, tls-rpt, dnssec, ptr, blocklist)
            and, with --probe, the mail server probes (starttls, implicit-tls, tls-*, certificate,
            auth-before-tls, open-relay, vrfy, expn, banner per endpoint; dane per MX host)
            without the web console or the database.

            Options:
              --resolver HOST:PORT     DNS resolver to ask (repeatable; default: /etc/resolv.conf)
              --dnssec-mode MODE       validate (default: local validation from trust anchors)
                                       or trust-ad (trust the AD bit of a validating resolver)
              --trust-anchors FILE     DNSSEC trust anchors (DS/DNSKEY in zone-file format;
                                       default: the IANA root anchors)
              --ca FILE                PEM CA bundle for HTTPS (MTA-STS) and certificates
              --allow-targets CIDR,..  allow connections to these special-purpose ranges
                                       (e.g. 127.0.0.0/8 for a lab); refused by default, also
                                       inside NAT64, 6to4 and other IPv6 forms of an IPv4 address
              --selectors S1,S2        DKIM selectors to check besides the common ones
              --probe                  also probe the mail servers: port 25 of every MX, the SRV
                                       services (submission, IMAP, POP3, ManageSieve), TLS, DANE
              --endpoint HOST:PORT[/PROTOCOL]
                                       extra endpoint to probe (repeatable; implies --probe);
                                       PROTOCOL = smtp, submission, submissions, imap, imaps,
                                       pop3, pop3s or sieve, else taken from the port
              --dnsbl ZONE,..          DNSBL zones for the blocklist check (off by default)
              --timeout SECONDS        deadline of one check (default 30)
              --format FORMAT          text (default), json, or jsonl (one line per domain)
              --domains-file FILE      check every domain in FILE (one per line, # comments)
              --concurrency N          domains checked at once with --domains-file (default 32)
              -h, --help               show this help

            Exit status: 0 nothing failed, 1 at least one FAIL, 2 usage error.
            """;

    static CliOptions parse(List<String> args) throws UsageException {
        List<String> domains = new ArrayList<>();
        Optional<Path> domainsFile = Optional.empty();
        List<String> resolvers = new ArrayList<>();
        Optional<Path> anchors = Optional.empty();
        Optional<Path> ca = Optional.empty();
        List<String> allow = new ArrayList<>();
        List<String> selectors = new ArrayList<>();
        String format = null;
        int concurrency = 32;
        boolean probe = false;
        List<String> endpoints = new ArrayList<>();
        Optional<String> dnssecMode = Optional.empty();
        int timeout = 30;
        List<String> dnsbl = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-h", "--help" -> help = true;
                case "--resolver" -> resolvers.add(value(args, ++i, a));
                case "--trust-anchors" -> anchors = Optional.of(file(value(args, ++i, a), a));
                case "--ca" -> ca = Optional.of(file(value(args, ++i, a), a));
                case "--allow-targets" -> allow.addAll(list(value(args, ++i, a)));
                case "--selectors" -> selectors.addAll(list(value(args, ++i, a)));
                case "--format" -> {
                    format = value(args, ++i, a);
                    if (!List.of("text", "json", "jsonl").contains(format)) {
                        throw new UsageException("--format must be text, json or jsonl, not '" + format + "'");
                    }
                }
                case "--domains-file" -> domainsFile = Optional.of(file(value(args, ++i, a), a));
                case "--concurrency" -> concurrency = number(value(args, ++i, a), a, 1, 1024);
                case "--probe" -> probe = true;
                case "--endpoint" -> {
                    endpoints.add(value(args, ++i, a));
                    probe = true;
                }
                case "--dnssec-mode" -> {
                    String m = value(args, ++i, a);
                    if (!m.equals("validate") && !m.equals("trust-ad")) {
                        throw new UsageException("--dnssec-mode must be validate or trust-ad, not '" + m + "'");
                    }
                    dnssecMode = Optional.of(m);
                }
                case "--timeout" -> timeout = number(value(args, ++i, a), a, 1, 600);
                case "--dnsbl" -> dnsbl.addAll(list(value(args, ++i, a)));
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option '" + a + "'");
                    }
                    domains.add(a);
                }
            }
        }
        if (!help && domains.isEmpty() && domainsFile.isEmpty()) {
            throw new UsageException("name a domain to check, or give --domains-file FILE");
        }
        if (!domains.isEmpty() && domainsFile.isPresent()) {
            throw new UsageException("give either domains or --domains-file, not both");
        }
        if (format == null) {
            format = domainsFile.isPresent() ? "jsonl" : "text";
        }
        return new CliOptions(
                domains,
                domainsFile,
                resolvers,
                anchors,
                ca,
                allow,
                selectors,
                format,
                concurrency,
                probe,
                endpoints,
                dnssecMode,
                timeout,
                dnsbl,
                help);
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static List<String> list(String v) {
        return java.util.Arrays.stream(v.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static Path file(String v, String option) throws UsageException {
        Path p = Path.of(v);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new UsageException(option + ": cannot read file '" + v + "'");
        }
        return p;
    }

    private static int number(String v, String option, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(
                    option + " must be a whole number from " + min + " to " + max + ", not '" + v + "'");
        }
    }

    /** A command line that cannot be run; the message names the problem. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
