package dev.mailward.checks.blocklist;

import static dev.mailward.checks.Status.ERROR;
import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.PASS;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.RecordedDns;
import dev.mailward.checks.TargetKind;
import dev.mailward.dns.AddressText;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.probe.MailDiscovery;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Type;

/**
 * The blocklist check: every MX address queried against the configured DNSBL zones
 * (RFC 5782). Off unless zones are configured, because public DNSBLs refuse queries that arrive
 * through public resolvers; their refusal codes ({@code 127.255.255.252..255}) are reported as
 * {@code ERROR}, never as a listing. One result per address.
 */
public final class BlocklistCheck implements Check<BlocklistObservation> {

    /** The zones shipped as a suggestion (resource {@code default-dnsbl-zones.txt}); not enabled by default. */
    public static List<String> defaultZones() {
        try (var in = BlocklistCheck.class.getResourceAsStream("default-dnsbl-zones.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Override
    public String id() {
        return "blocklist";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.ADDRESS;
    }

    @Override
    public List<BlocklistCode> codes() {
        return List.of(BlocklistCode.values());
    }

    @Override
    public Class<BlocklistObservation> observationType() {
        return BlocklistObservation.class;
    }

    @Override
    public BlocklistObservation observe(CheckContext context) {
        List<String> zones = context.options().dnsblZones();
        List<BlocklistObservation.Address> observed = new ArrayList<>();
        if (!zones.isEmpty()) {
            MailDiscovery.MxSet mx = MailDiscovery.mx(context.newDnsSession(), context.domain());
            for (InetAddress address : mx.addresses()) {
                Instant start = Instant.now();
                DnsSession dns = context.newDnsSession();
                for (String zone : zones) {
                    query(dns, address, zone); // asks what the judgement needs (TXT only for a listing)
                }
                observed.add(new BlocklistObservation.Address(
                        address, start, Duration.between(start, Instant.now()), dns.answers()));
            }
        }
        return new BlocklistObservation(context.domain(), zones, observed);
    }

    @Override
    public List<CheckResult> analyse(BlocklistObservation o) {
        List<CheckResult> results = new ArrayList<>();
        for (BlocklistObservation.Address a : o.addresses()) {
            RecordedDns dns = new RecordedDns(a.dns());
            List<Finding> findings = new ArrayList<>();
            for (String zone : o.zones()) {
                findings.add(query(dns, a.address(), zone));
            }
            results.add(CheckResult.of(
                    id(), AddressText.of(a.address()), findings, Evidence.ofDns(a.dns()), a.started(), a.elapsed()));
        }
        return results;
    }

    /** Asks {@code zone} about {@code address} through {@code dns} (live, or recorded) and judges the answer. */
    static Finding query(DnsSession dns, InetAddress address, String zone) {
        String ip = AddressText.of(address);
        String name = reversed(address) + "." + zone;
        DnsAnswer a = dns.lookup(name, Type.A);
        if (a.outcome() == DnsOutcome.NXDOMAIN || a.outcome() == DnsOutcome.NODATA) {
            return Finding.of(BlocklistCode.BLOCKLIST_NOT_LISTED, PASS, ip + " is not listed on " + zone);
        }
        if (a.isFailure()) {
            return Finding.of(
                    BlocklistCode.BLOCKLIST_LOOKUP_FAILED,
                    ERROR,
                    "the query of " + zone + " for " + ip + " " + DnsWords.failure(a)
                            + "; whether it is listed there is not known");
        }
        List<String> codes = a.addresses().stream().map(AddressText::of).toList();
        for (String c : codes) {
            // RFC 5782 §2.1: listings are 127.0.0.0/8; Spamhaus-style 127.255.255.252-255 mean "refused/error".
            if (c.startsWith("127.255.255.")) {
                return Finding.of(
                        BlocklistCode.BLOCKLIST_QUERY_REFUSED,
                        ERROR,
                        zone + " refused the query for " + ip
                                + " (answer " + c + "): typically queries through a public or unregistered resolver; "
                                + "configure a resolver the list accepts");
            }
            if (!c.startsWith("127.")) {
                return Finding.of(
                        BlocklistCode.BLOCKLIST_LOOKUP_FAILED,
                        ERROR,
                        zone + " answered " + c + " for " + ip
                                + ", which is not a DNSBL code (127.0.0.0/8); the answer is ignored");
            }
        }
        String reason = "";
        DnsAnswer txt = dns.lookup(name, Type.TXT);
        if (!txt.isFailure() && !txt.txtJoined().isEmpty()) {
            reason = ": " + truncate(txt.txtJoined().getFirst(), 200);
        }
        return Finding.of(
                BlocklistCode.BLOCKLIST_LISTED,
                FAIL,
                ip + " is listed on " + zone + " (" + String.join(", ", codes) + ")" + reason);
    }

    /** RFC 5782 §2.1 (IPv4, reversed octets) and §2.4 (IPv6, reversed nibbles). */
    static String reversed(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) {
                sb.append(b[i] & 0xff);
                if (i > 0) {
                    sb.append('.');
                }
            }
        } else {
            for (int i = b.length - 1; i >= 0; i--) {
                sb.append(Character.forDigit(b[i] & 0xf, 16))
                        .append('.')
                        .append(Character.forDigit((b[i] >> 4) & 0xf, 16));
                if (i > 0) {
                    sb.append('.');
                }
            }
        }
        return sb.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
