package dev.mailward.testnet;

import dev.mailward.dns.Dns;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnssecStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Thin test adapter implementing {@link Dns} over dnsjava's {@link SimpleResolver} against a
 * loopback server, acceptable until the production {@code DnsClient} (branch {@code dns}) is merged.
 * No cache, no DNSSEC (INDETERMINATE), CNAMEs in the answer section followed.
 */
public final class LoopbackDns implements Dns {

    private final SimpleResolver resolver;
    private final String server;

    public LoopbackDns(InetSocketAddress server, Duration timeout) {
        this.resolver = new SimpleResolver(server);
        this.resolver.setTimeout(timeout);
        this.resolver.setEDNS(0, 8192, 0, List.of());
        this.server = server.getHostString() + ":" + server.getPort();
    }

    @Override
    public DnsAnswer lookup(String name, int type) {
        String abs = name.endsWith(".") ? name : name + ".";
        String typeName = Type.string(type);
        Instant start = Instant.now();
        try {
            Name qname = Name.fromString(abs);
            Message response = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
            Duration took = Duration.between(start, Instant.now());
            int rcode = response.getRcode();
            DnsOutcome outcome = switch (rcode) {
                case Rcode.NOERROR -> DnsOutcome.NODATA;
                case Rcode.NXDOMAIN -> DnsOutcome.NXDOMAIN;
                case Rcode.SERVFAIL -> DnsOutcome.SERVFAIL;
                case Rcode.REFUSED -> DnsOutcome.REFUSED;
                default -> DnsOutcome.ERROR;
            };
            List<Record> records = new ArrayList<>();
            List<Record> chain = new ArrayList<>();
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r.getType() == type) {
                    records.add(r);
                } else if (r.getType() == Type.CNAME) {
                    chain.add(r);
                }
            }
            if (outcome == DnsOutcome.NODATA && !records.isEmpty()) {
                outcome = DnsOutcome.OK;
            }
            return new DnsAnswer(abs.toLowerCase(), typeName, outcome, outcome == DnsOutcome.OK ? records : List.of(),
                    chain, DnssecStatus.INDETERMINATE, Optional.empty(), server, false, false, took,
                    outcome.isAnswer() ? Optional.empty() : Optional.of("rcode " + Rcode.string(rcode)));
        } catch (SocketTimeoutException e) {
            return failed(abs, typeName, DnsOutcome.TIMEOUT, "no answer from " + server, start);
        } catch (IOException e) {
            return failed(abs, typeName, e.getMessage() != null && e.getMessage().contains("timed out")
                    ? DnsOutcome.TIMEOUT : DnsOutcome.ERROR, String.valueOf(e.getMessage()), start);
        }
    }

    private DnsAnswer failed(String name, String type, DnsOutcome outcome, String why, Instant start) {
        return new DnsAnswer(name.toLowerCase(), type, outcome, List.of(), List.of(), DnssecStatus.INDETERMINATE,
                Optional.empty(), server, false, false, Duration.between(start, Instant.now()), Optional.of(why));
    }

    @Override
    public DnsSession session(int maxQueries, Instant deadline) {
        return new DnsSession() {
            private final List<DnsAnswer> answers = new ArrayList<>();
            private boolean exhausted;

            @Override
            public DnsAnswer lookup(String name, int type) {
                DnsAnswer a;
                if (answers.size() >= maxQueries) {
                    exhausted = true;
                    a = failed(name.endsWith(".") ? name : name + ".", Type.string(type), DnsOutcome.BUDGET_EXHAUSTED,
                            "budget of " + maxQueries + " queries spent", Instant.now());
                } else if (!Instant.now().isBefore(deadline)) {
                    a = failed(name.endsWith(".") ? name : name + ".", Type.string(type), DnsOutcome.TIMEOUT,
                            "check deadline passed", Instant.now());
                } else {
                    a = LoopbackDns.this.lookup(name, type);
                }
                answers.add(a);
                return a;
            }

            @Override
            public List<DnsAnswer> answers() {
                return List.copyOf(answers);
            }

            @Override
            public int lookups() {
                return answers.size();
            }

            @Override
            public boolean budgetExhausted() {
                return exhausted;
            }
        };
    }
}
