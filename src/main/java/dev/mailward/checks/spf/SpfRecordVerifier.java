package dev.mailward.checks.spf;

import dev.mailward.checks.Finding;
import dev.mailward.checks.SpfVerification;
import dev.mailward.checks.SpfVerification.KnownDns;
import dev.mailward.checks.SpfVerification.Outcome;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsSession;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation behind {@link SpfVerification}: the policy analysis (lookup count over the tree) and
 * {@code check_host()} per sender, with the proposed record standing in for the domain's TXT records.
 * Public only for the module's root; use {@link SpfVerification}.
 */
public final class SpfRecordVerifier {

    private static final Clock EPOCH = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private SpfRecordVerifier() {}

    public static Outcome verify(String domain, String record, KnownDns known, List<String> senders) {
        return verify(domain, record, new KnownSpfDns(known), senders);
    }

    public static Outcome verify(String domain, String record, DnsSession session, List<String> senders) {
        return verify(domain, record, new DnsSessionSpfDns(session), senders);
    }

    private static Outcome verify(String domain, String record, SpfDns base, List<String> senders) {
        String d = KnownDns.name(domain);
        SpfDns dns = new Proposed(base, d, record);
        SpfPolicyAnalyzer.Analysis analysis = new SpfPolicyAnalyzer(dns).analyze(d);
        List<String> problems = new ArrayList<>();
        for (Finding f : analysis.findings()) {
            if (f.status() == Status.FAIL || f.status() == Status.ERROR) {
                problems.add(f.code() + ": " + f.message());
            }
        }
        SpfEvaluator evaluator = new SpfEvaluator(dns, "not permitted", "unknown", EPOCH);
        String probe = evaluator
                .checkHost(SpfCheck.PROBE_ADDRESS, d, "postmaster@" + d, d)
                .result()
                .rfcName();
        Map<String, String> results = new LinkedHashMap<>();
        for (String ip : senders) {
            String result;
            try {
                result = evaluator
                        .checkHost(ip, d, "postmaster@" + d, d)
                        .result()
                        .rfcName();
            } catch (IllegalArgumentException e) {
                result = "not an address";
            }
            results.put(ip, result);
        }
        return new Outcome(analysis.totalLookups(), !analysis.dnsError(), probe, results, problems);
    }

    /** The domain's TXT answer is the proposed record; everything else comes from {@code base}. */
    private record Proposed(SpfDns base, String domain, String record) implements SpfDns {
        @Override
        public Lookup<List<String>> txt(String name) {
            if (KnownDns.name(name).equals(domain)) {
                List<String> strings = new ArrayList<>();
                for (int i = 0; i < record.length(); i += 255) {
                    strings.add(record.substring(i, Math.min(record.length(), i + 255)));
                }
                return Lookup.found(List.of(strings));
            }
            return base.txt(name);
        }

        @Override
        public Lookup<InetAddress> addresses(String name, boolean ipv6) {
            return base.addresses(name, ipv6);
        }

        @Override
        public Lookup<MxHost> mx(String name) {
            return base.mx(name);
        }

        @Override
        public Lookup<String> ptr(String name) {
            return base.ptr(name);
        }
    }

    /** Answers from observed data; a name never observed is an error ("not observed"), never a guess. */
    private record KnownSpfDns(KnownDns known) implements SpfDns {
        @Override
        public Lookup<List<String>> txt(String name) {
            List<String> records = known.txt().get(KnownDns.name(name));
            return records == null
                    ? Lookup.error("not observed")
                    : Lookup.found(records.stream().map(List::of).toList());
        }

        @Override
        public Lookup<InetAddress> addresses(String name, boolean ipv6) {
            List<String> addresses = known.addresses().get(KnownDns.name(name));
            if (addresses == null) {
                return Lookup.error("not observed");
            }
            List<InetAddress> out = new ArrayList<>();
            for (String a : addresses) {
                Optional<InetAddress> parsed = literal(a);
                parsed.filter(x -> (x.getAddress().length == 16) == ipv6).ifPresent(out::add);
            }
            return Lookup.found(out);
        }

        @Override
        public Lookup<MxHost> mx(String name) {
            List<String> hosts = known.mx().get(KnownDns.name(name));
            if (hosts == null) {
                return Lookup.error("not observed");
            }
            List<MxHost> out = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                out.add(new MxHost(i, KnownDns.name(hosts.get(i))));
            }
            return Lookup.found(out);
        }

        @Override
        public Lookup<String> ptr(String name) {
            return Lookup.error("not observed");
        }

        private static Optional<InetAddress> literal(String a) {
            try {
                return Optional.of(InetAddress.ofLiteral(a.strip()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
