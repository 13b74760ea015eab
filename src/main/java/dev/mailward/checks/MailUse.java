package dev.mailward.checks;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * What a domain declares about its mail: a null MX ({@code 0 .} alone, RFC 7505) says it accepts
 * no mail, and an SPF record {@code v=spf1 -all} alone (RFC 7208 §5.1) says no host sends as it
 * (CHECKS.md "dmarc": either makes a domain that sends no mail, since a domain without a working
 * MX cannot take bounces either). Observed once per domain run ({@link RunObservations#mailUse})
 * and kept in the observation of each family that judges by it, so that its {@code analyse} does
 * not warn such a domain about what only a sending domain needs. A lookup that failed declares
 * nothing: the domain is then judged as one that sends.
 *
 * @param mx the MX answer at the domain
 * @param txt the TXT answer at the domain (where its SPF record is)
 */
public record MailUse(DnsAnswer mx, DnsAnswer txt) {

    private static final Pattern SPF = Pattern.compile("(?i)v=spf1(\\s.*)?");
    private static final Pattern SPF_REJECT_ALL = Pattern.compile("(?i)v=spf1\\s+-all");

    public MailUse {
        Objects.requireNonNull(mx, "mx");
        Objects.requireNonNull(txt, "txt");
    }

    /** Asks {@code domain}'s MX and TXT through {@code session}. */
    public static MailUse observe(DnsSession session, String domain) {
        DnsAnswer mx = session.lookup(domain, Type.MX);
        DnsAnswer txt = session.lookup(domain, Type.TXT);
        return new MailUse(mx, txt);
    }

    /** The only MX record is {@code 0 .} (RFC 7505 §3): the domain accepts no mail. */
    public boolean acceptsNoMail() {
        if (mx.isFailure()) {
            return false;
        }
        List<MXRecord> records = mx.recordsOf(MXRecord.class);
        return records.size() == 1 && records.getFirst().getTarget().equals(Name.root);
    }

    /** The only SPF record is {@code v=spf1 -all}: the domain authorises no sender. */
    public boolean spfRejectsAll() {
        if (txt.isFailure()) {
            return false;
        }
        List<String> spf = txt.txtJoined().stream()
                .map(String::strip)
                .filter(t -> SPF.matcher(t).matches())
                .toList();
        return spf.size() == 1 && SPF_REJECT_ALL.matcher(spf.getFirst()).matches();
    }

    /** The domain exists and publishes no MX record (mail to it would go to its address, RFC 5321 §5.1). */
    public boolean noMxRecord() {
        return mx.outcome() == DnsOutcome.NODATA
                || (mx.outcome() == DnsOutcome.OK
                        && mx.recordsOf(MXRecord.class).isEmpty());
    }

    /**
     * Whether no mail is delivered to the domain by its own declaration: a null MX, or no MX record
     * on a domain that sends no mail either (SPF {@code -all} alone: a parked domain that has not
     * published its null MX yet, which the {@code mx} check asks for).
     */
    public boolean receivesNoMail() {
        return acceptsNoMail() || (noMxRecord() && spfRejectsAll());
    }

    /**
     * Why no mail is delivered to the domain ({@link #receivesNoMail}), in a mail admin's words;
     * empty when mail may be delivered to it.
     */
    public Optional<String> noInboundMailReason() {
        if (acceptsNoMail()) {
            return Optional.of("the domain accepts no mail (null MX)");
        }
        if (receivesNoMail()) {
            return Optional.of("the domain has no MX record and sends no mail (its SPF record is \"v=spf1 -all\")");
        }
        return Optional.empty();
    }

    /** Whether the domain sends no mail: a null MX, or SPF {@code -all} alone. */
    public boolean sendsNoMail() {
        return acceptsNoMail() || spfRejectsAll();
    }

    /**
     * Why the domain sends no mail, in a mail admin's words ("the domain accepts no mail (null
     * MX)"); empty when it may send.
     */
    public Optional<String> noMailReason() {
        if (acceptsNoMail()) {
            return Optional.of("the domain accepts no mail (null MX)");
        }
        if (spfRejectsAll()) {
            return Optional.of("the domain sends no mail (its SPF record is \"v=spf1 -all\")");
        }
        return Optional.empty();
    }
}
