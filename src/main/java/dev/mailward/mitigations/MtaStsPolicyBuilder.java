package dev.mailward.mitigations;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Builds an MTA-STS policy file and its {@code _mta-sts} TXT record (RFC 8461) from the MX hosts. The
 * {@code id} is the UTC timestamp {@code yyyyMMddHHmmss} (14 digits, within the 1..32 alphanumerics of
 * §3.1), so every regenerated policy gets a new id. Pure.
 */
public final class MtaStsPolicyBuilder {

    /** RFC 8461 §3.2 does not bound max_age below; Mailward warns outside one day .. one year (CHECKS.md). */
    public static final long MIN_MAX_AGE = 86_400;
    /** RFC 8461 §3.2: at most 31557600 seconds. */
    public static final long MAX_MAX_AGE = 31_557_600;
    /** One week: long enough to protect, short enough to correct a mistake. */
    public static final long DEFAULT_MAX_AGE = 604_800;

    private static final int MAX_MX = 50;
    private static final DateTimeFormatter ID =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MtaStsPolicyBuilder() {}

    public enum Mode {
        TESTING,
        ENFORCE,
        NONE;

        String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The policy.
     *
     * @param domain the policy domain
     * @param policyUrl where the file must be served ({@code text/plain}, valid certificate, no redirect)
     * @param policyFile the file content
     * @param txtName {@code _mta-sts.<domain>}
     * @param txtRecord the TXT value {@code v=STSv1; id=...}
     * @param notes what to do with it
     */
    public record Proposal(
            String domain, String policyUrl, String policyFile, String txtName, String txtRecord, List<String> notes) {
        public Proposal {
            notes = List.copyOf(notes);
        }

        public List<GeneratedFix> toFixes() {
            return List.of(
                    new GeneratedFix(
                            "MTA-STS policy file " + policyUrl,
                            "text",
                            policyFile,
                            "Serve it as text/plain at " + policyUrl
                                    + " over HTTPS with a certificate valid for mta-sts." + domain
                                    + ", without redirects. " + String.join(" ", notes)),
                    new GeneratedFix(
                            "MTA-STS record for " + domain,
                            "dns",
                            DnsText.zoneLine(txtName, "TXT", DnsText.txt(txtRecord)),
                            "Publish it after the policy file is reachable; change the id whenever the file changes."));
        }
    }

    /**
     * @param mxHosts the MX host names, each becomes an {@code mx:} line
     * @param maxAgeSeconds {@code max_age}, within {@link #MIN_MAX_AGE}..{@link #MAX_MAX_AGE}
     * @param now the instant the id is taken from
     * @throws IllegalArgumentException naming the value when an input is invalid or there is no MX host
     */
    public static Proposal build(String domain, List<String> mxHosts, Mode mode, long maxAgeSeconds, Instant now) {
        String d = DnsText.name("domain", domain);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(now, "now");
        if (maxAgeSeconds < MIN_MAX_AGE || maxAgeSeconds > MAX_MAX_AGE) {
            throw new IllegalArgumentException(
                    "max_age " + maxAgeSeconds + " outside " + MIN_MAX_AGE + ".." + MAX_MAX_AGE + " seconds");
        }
        if (mxHosts.size() > MAX_MX) {
            throw new IllegalArgumentException(mxHosts.size() + " MX hosts; at most " + MAX_MX + " are listed");
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : mxHosts) {
            String n = DnsText.name("MX host", h.startsWith("*.") ? h.substring(2) : h);
            hosts.add(h.startsWith("*.") ? "*." + n : n);
        }
        if (hosts.isEmpty() && mode != Mode.NONE) {
            throw new IllegalArgumentException(
                    d + " has no MX host: MTA-STS does not apply (a null MX domain" + " receives no mail)");
        }
        StringBuilder file = new StringBuilder("version: STSv1\n")
                .append("mode: ")
                .append(mode.token())
                .append('\n');
        hosts.forEach(h -> file.append("mx: ").append(h).append('\n'));
        file.append("max_age: ").append(maxAgeSeconds).append('\n');
        List<String> notes = new ArrayList<>();
        switch (mode) {
            case TESTING ->
                notes.add("mode testing: senders report failures (TLS-RPT) but still deliver; switch to"
                        + " enforce when the reports are clean.");
            case ENFORCE ->
                notes.add("mode enforce: senders that support MTA-STS deliver only over TLS to these"
                        + " hosts with a valid certificate naming them.");
            case NONE -> notes.add("mode none withdraws the policy; keep serving it for max_age before removing it.");
        }
        return new Proposal(
                d,
                "https://mta-sts." + d + "/.well-known/mta-sts.txt",
                file.toString(),
                "_mta-sts." + d,
                "v=STSv1; id=" + ID.format(now),
                notes);
    }
}
