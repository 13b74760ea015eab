package dev.mailward.checks.rdns;

import static dev.mailward.checks.Status.ERROR;
import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.PASS;
import static dev.mailward.checks.Status.WARN;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.RecordedDns;
import dev.mailward.checks.TargetKind;
import dev.mailward.dns.AddressText;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.probe.MailDiscovery;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Type;

/**
 * The ptr check: for every MX address, a PTR exists and its name resolves back to the same
 * address (forward-confirmed reverse DNS), which receivers use to judge a sending host
 * (RFC 8601 §2.7.3 "iprev", M3AAWG sender best practices). One result per address.
 */
public final class PtrCheck implements Check<PtrObservation> {

    /** Names that look assigned by an access provider rather than chosen for a mail server. */
    private static final Pattern GENERIC = Pattern.compile(
            "(\\d{1,3}[-.]\\d{1,3}[-.]\\d{1,3}[-.]\\d{1,3})|(^|[.-])(dyn|dynamic|dhcp|dsl|adsl|cable|pool|ppp|client|customer|broadband|static-ip)([.-]|\\d|$)");
    /** PTR names followed per address at most (RFC 7208 §4.6.4 uses the same bound for ptr). */
    private static final int MAX_PTR_NAMES = 10;

    @Override
    public String id() {
        return "ptr";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.ADDRESS;
    }

    @Override
    public List<PtrCode> codes() {
        return List.of(PtrCode.values());
    }

    @Override
    public Class<PtrObservation> observationType() {
        return PtrObservation.class;
    }

    @Override
    public PtrObservation observe(CheckContext context) {
        DnsSession mxDns = context.newDnsSession();
        MailDiscovery.MxSet mx = MailDiscovery.mx(mxDns, context.domain());
        List<PtrObservation.Address> addresses = new ArrayList<>();
        for (InetAddress address : mx.addresses()) {
            addresses.add(context.observations()
                    .ptr(address, context.deadline(), () -> observe(context, address))
                    .orElseGet(() -> observe(context, address)));
        }
        return new PtrObservation(context.domain(), addresses);
    }

    @Override
    public List<CheckResult> analyse(PtrObservation observation) {
        List<CheckResult> results = new ArrayList<>();
        for (PtrObservation.Address a : observation.addresses()) {
            RecordedDns dns = new RecordedDns(a.dns());
            DnsAnswer ptr = dns.lookup(reverseName(a.address()), Type.PTR);
            List<Finding> findings = judge(dns, a.address(), ptr);
            results.add(CheckResult.of(
                    id(), AddressText.of(a.address()), findings, Evidence.ofDns(a.dns()), a.started(), a.elapsed()));
        }
        return results;
    }

    /**
     * Looks up the PTR of {@code address} and the forward lookups that confirm it, here and now.
     * Families share one lookup per address and domain run through
     * {@link dev.mailward.checks.RunObservations#ptr}.
     */
    public PtrObservation.Address observe(CheckContext context, InetAddress address) {
        Instant start = Instant.now();
        DnsSession dns = context.newDnsSession();
        DnsAnswer ptr = dns.lookup(reverseName(address), Type.PTR);
        if (!ptr.isFailure()) {
            List<PTRRecord> names = ptr.recordsOf(PTRRecord.class);
            // the lookups judge() makes: forward-confirm the names in order until one confirms
            for (PTRRecord r : names.subList(0, Math.min(names.size(), MAX_PTR_NAMES))) {
                DnsAnswer fwd = dns.lookup(
                        r.getTarget().toString(), address instanceof java.net.Inet6Address ? Type.AAAA : Type.A);
                if (!fwd.isFailure() && fwd.addresses().contains(address)) {
                    break;
                }
            }
        }
        return new PtrObservation.Address(address, start, Duration.between(start, Instant.now()), dns.answers());
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * The PTR owner name of {@code address} (RFC 1035 §3.5, RFC 3596 §2.5), absolute: what
     * dnsjava's {@code ReverseMap.fromAddress(address).toString()} gives, written directly.
     */
    static String reverseName(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder(b.length == 4 ? 30 : 74);
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa.").toString();
        }
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(HEX[b[i] & 0xf])
                    .append('.')
                    .append(HEX[(b[i] >> 4) & 0xf])
                    .append('.');
        }
        return sb.append("ip6.arpa.").toString();
    }

    /** Judges the PTR of {@code address}; {@code dns} answers the forward lookups (recorded ones in {@link #analyse}). */
    private static List<Finding> judge(DnsSession dns, InetAddress address, DnsAnswer ptr) {
        String ip = AddressText.of(address);
        List<Finding> f = new ArrayList<>();
        if (ptr.isFailure()) {
            f.add(Finding.of(
                    PtrCode.PTR_LOOKUP_FAILED, ERROR, "the PTR lookup for " + ip + " " + DnsWords.failure(ptr)));
            return f;
        }
        List<PTRRecord> names = ptr.recordsOf(PTRRecord.class);
        if (names.isEmpty()) {
            f.add(Finding.of(
                    PtrCode.PTR_MISSING,
                    FAIL,
                    ip + " has no PTR record; many receivers reject or penalise mail from such hosts"));
            return f;
        }
        if (names.size() > 1) {
            f.add(Finding.of(
                    PtrCode.PTR_MULTIPLE,
                    WARN,
                    ip + " has " + names.size() + " PTR records; receivers may pick any of them"));
        }
        String confirmed = null;
        boolean failed = false;
        for (PTRRecord r : names.subList(0, Math.min(names.size(), MAX_PTR_NAMES))) {
            String name = r.getTarget().toString();
            DnsAnswer fwd = dns.lookup(name, address instanceof java.net.Inet6Address ? Type.AAAA : Type.A);
            if (fwd.isFailure()) {
                failed = true;
                continue;
            }
            if (fwd.addresses().contains(address)) {
                confirmed = strip(name);
                break;
            }
        }
        if (confirmed == null) {
            String listed = String.join(
                    ", ",
                    names.stream().map(r -> strip(r.getTarget().toString())).toList());
            f.add(
                    failed
                            ? Finding.of(
                                    PtrCode.PTR_LOOKUP_FAILED,
                                    ERROR,
                                    "forward lookup of the PTR name(s) " + listed + " of " + ip + " failed")
                            : Finding.of(
                                    PtrCode.PTR_NOT_FORWARD_CONFIRMED,
                                    FAIL,
                                    ip + " has PTR " + listed + ", which does not resolve back to " + ip
                                            + " (no forward-confirmed reverse DNS)"));
            return f;
        }
        if (GENERIC.matcher(confirmed.toLowerCase(Locale.ROOT)).find()) {
            f.add(
                    Finding.of(
                            PtrCode.PTR_GENERIC,
                            WARN,
                            "PTR name " + confirmed + " of " + ip
                                    + " looks generic (addresses or dynamic-pool words in it); give the mail server a name of its own"));
        }
        f.add(Finding.of(PtrCode.PTR_OK, PASS, ip + " has PTR " + confirmed + ", which resolves back to it"));
        return f;
    }

    static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
