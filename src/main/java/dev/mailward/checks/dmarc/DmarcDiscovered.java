package dev.mailward.checks.dmarc;

import dev.mailward.checks.dmarc.DmarcDiscovery.LegacyResult;
import dev.mailward.checks.dmarc.DmarcDiscovery.TxtLookup;
import dev.mailward.checks.dmarc.DmarcDiscovery.WalkResult;
import java.util.List;
import java.util.Optional;

/**
 * What the DNS answers of a {@link DmarcObservation} say about the domain's DMARC policy, before
 * any judgement: where the policy was found by each discovery method, whether the domain exists
 * and sends mail, and the report destinations. Built from the answers by
 * {@link DmarcCheck#discover} (live when observing, from the recorded answers when judging) and
 * judged by {@link DmarcAnalysis}.
 *
 * @param domain the checked domain (A-label, lower case, no trailing dot)
 * @param walk the RFC 9989 DNS tree walk from the domain
 * @param legacy RFC 7489 discovery with the Public Suffix List
 * @param domainExists false only when the domain's MX query said NXDOMAIN (np applies, RFC 9989 §4.7)
 * @param mail what the domain's MX and SPF say about sending
 * @param destinations the external report destinations and their authorisation lookups
 */
record DmarcDiscovered(
        String domain,
        WalkResult walk,
        LegacyResult legacy,
        boolean domainExists,
        MailSignals mail,
        List<Destination> destinations) {

    DmarcDiscovered {
        destinations = List.copyOf(destinations);
    }

    /**
     * Whether the domain declares that it sends no mail.
     *
     * @param nullMx the only MX is {@code 0 .} (RFC 7505); empty when the MX query failed
     * @param spfRejectAll the only SPF record is {@code v=spf1 -all}; empty when the TXT query failed
     */
    record MailSignals(Optional<Boolean> nullMx, Optional<Boolean> spfRejectAll) {
        boolean sendsNoMail() {
            return nullMx.orElse(false) || spfRejectAll.orElse(false);
        }
    }

    /**
     * One report URI of the applied record and, when the destination is external, its
     * authorisation (RFC 7489 §7.1, RFC 9990 §4): TXT {@code <policy domain>._report._dmarc.<host>}.
     *
     * @param tag {@code rua} or {@code ruf}
     * @param uri the URI
     * @param host the destination domain
     * @param external the destination's organisational domain differs from the policy domain's
     * @param authName the name queried when external
     * @param auth the answer when external
     */
    record Destination(
            String tag,
            String uri,
            String host,
            boolean external,
            Optional<String> authName,
            Optional<TxtLookup> auth) {}
}
