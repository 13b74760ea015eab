package dev.mailward.cli;

import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.probe.ConfiguredEndpoint;
import dev.mailward.probe.TargetPolicy;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * {@code java -jar mailward.jar check ...}: the check engine without web server or database.
 * Exit status 0 when nothing failed, 1 on any FAIL, 2 on a usage error.
 */
public final class CheckCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /** Longest line accepted from a domains file; longer lines are reported, not read whole. */
    private static final int MAX_LINE = 1024;
    /** First size of a jsonl line buffer: a typical domain's line is 10-30 KB. */
    private static final int LINE_BUFFER_BYTES = 32 << 10;
    /** Line buffers larger than this are not kept for reuse. */
    private static final int MAX_POOLED_LINE_BUFFER = 1 << 20;
    /** What ends the domain name of a domains-file line: a comma, a semicolon or white space. */
    private static final Pattern NAME_END = Pattern.compile("[,;\\s]");

    private final PrintStream out;
    private final PrintStream err;

    public CheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command; {@code args} are the words after {@code check}. Returns the exit status. */
    public int run(List<String> args) {
        CliOptions opts;
        try {
            opts = CliOptions.parse(args);
        } catch (CliOptions.UsageException e) {
            err.println("mailward check: " + e.getMessage());
            err.println("Try 'java -jar mailward.jar check --help'.");
            return USAGE;
        }
        if (opts.help()) {
            out.print(CliOptions.USAGE);
            return OK;
        }
        DnsSettings dnsSettings;
        CheckOptions checkOptions;
        try {
            dnsSettings = dnsSettings(opts);
            checkOptions = checkOptions(opts);
        } catch (IllegalArgumentException e) {
            err.println("mailward check: " + e.getMessage());
            return USAGE;
        }
        try (DnsClient dns = DnsClient.create(dnsSettings);
                CheckRunner runner = new CheckRunner(
                        Engine.registry(opts.probe()),
                        dns,
                        Math.max(4, opts.concurrency() * 2),
                        dnsSettings.maxQueriesPerDomain())) {
            if (opts.domainsFile().isPresent()) {
                return bulk(opts, runner, checkOptions);
            }
            boolean failed = false;
            List<DomainReport> reports = new java.util.ArrayList<>();
            for (String input : opts.domains()) {
                String domain;
                try {
                    domain = Engine.normalize(input);
                } catch (IllegalArgumentException e) {
                    err.println("mailward check: " + e.getMessage());
                    return USAGE;
                }
                DomainReport report = runner.run(domain, checkOptions);
                failed |= report.worst() == Status.FAIL;
                reports.add(report);
            }
            switch (opts.format()) {
                case "json" ->
                    out.println(
                            reports.size() == 1
                                    ? ReportJson.toJson(reports.getFirst())
                                    : ReportJson.toJsonArray(reports));
                case "jsonl" -> reports.forEach(r -> out.println(ReportJson.toJsonLine(r)));
                default -> reports.forEach(r -> TextReport.print(r, out));
            }
            return failed ? FAILED : OK;
        }
    }

    private int bulk(CliOptions opts, CheckRunner runner, CheckOptions checkOptions) {
        AtomicBoolean failed = new AtomicBoolean();
        AtomicLong lineNo = new AtomicLong();
        Semaphore inFlight = new Semaphore(opts.concurrency());
        Object printLock = new Object();
        ConcurrentLinkedQueue<LineBuffer> lineBuffers = new ConcurrentLinkedQueue<>();
        try (BufferedReader reader = Files.newBufferedReader(opts.domainsFile().orElseThrow(), StandardCharsets.UTF_8);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String line;
            while ((line = reader.readLine()) != null) {
                long n = lineNo.incrementAndGet();
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String domain;
                try {
                    if (entry.length() > MAX_LINE) {
                        throw new IllegalArgumentException("line is longer than " + MAX_LINE + " characters");
                    }
                    domain = Engine.normalize(NAME_END.split(entry, 2)[0]);
                } catch (IllegalArgumentException e) {
                    synchronized (printLock) {
                        err.println("mailward check: line " + n + ": " + e.getMessage());
                    }
                    continue;
                }
                inFlight.acquire();
                pool.submit(() -> {
                    try {
                        DomainReport report = runner.run(domain, checkOptions);
                        if (report.worst() == Status.FAIL) {
                            failed.set(true);
                        }
                        // One report per domain, written whole under the lock so they never interleave.
                        if (opts.format().equals("text")) {
                            String rendered = TextReport.render(report);
                            synchronized (printLock) {
                                out.println(rendered);
                            }
                        } else {
                            // JSON is UTF-8 (RFC 8259) whatever the terminal's encoding; the line
                            // goes out as the generator wrote it, without a detour through String.
                            LineBuffer buf = lineBuffers.poll();
                            if (buf == null) {
                                buf = new LineBuffer();
                            }
                            try {
                                ReportJson.writeJsonLine(report, buf);
                                synchronized (printLock) {
                                    buf.copyTo(out);
                                    out.write('\n');
                                }
                            } finally {
                                // Kept for the next domain (at most one per domain in flight) unless
                                // an unusually large report made it big.
                                if (buf.size() <= MAX_POOLED_LINE_BUFFER) {
                                    buf.reset();
                                    lineBuffers.offer(buf);
                                }
                            }
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } catch (IOException e) {
            err.println("mailward check: cannot read " + opts.domainsFile().orElseThrow() + ": " + e.getMessage());
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
        out.flush();
        return failed.get() ? FAILED : OK;
    }

    private static DnsSettings dnsSettings(CliOptions opts) {
        DnsSettings s = DnsSettings.defaults();
        if (!opts.resolvers().isEmpty()) {
            s = s.withResolvers(
                    opts.resolvers().stream().map(DnsSettings::parseServer).toList());
        }
        if (opts.trustAnchors().isPresent()) {
            s = s.withTrustAnchors(opts.trustAnchors().get());
        }
        if (opts.dnssecMode().isPresent()) {
            s = s.withDnssecMode(
                    opts.dnssecMode().get().equals("trust-ad")
                            ? DnsSettings.DnssecMode.TRUST_AD
                            : DnsSettings.DnssecMode.VALIDATE);
        }
        return s;
    }

    private static CheckOptions checkOptions(CliOptions opts) {
        CheckOptions o = CheckOptions.defaults()
                .withTargetPolicy(TargetPolicy.allowing(opts.allowTargets()))
                .withDkimSelectors(opts.selectors())
                .withCheckTimeout(Duration.ofSeconds(opts.timeoutSeconds()))
                .withDnsblZones(opts.dnsbl())
                // an --endpoint that does not parse is an ERROR of the endpoints result, not a usage error
                .withProbe(
                        opts.probe(),
                        opts.endpoints().stream().map(ConfiguredEndpoint::read).toList());
        if (opts.ca().isPresent()) {
            o = o.withCaBundle(opts.ca().get());
        }
        return o;
    }

    /** A reusable buffer for one jsonl line, copied to the output without another array. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(LINE_BUFFER_BYTES);
        }

        void copyTo(PrintStream target) {
            target.write(buf, 0, count);
        }
    }
}
