package dev.mailward.checks;

import dev.mailward.probe.MailDiscovery;

/**
 * Finding codes of endpoint discovery ({@code endpoints} results, one per domain): which mail
 * server endpoints were found and why some could not be probed. The endpoints' own results carry
 * the smtp, mailbox and tls codes.
 */
public enum ProbeCode implements FindingCode {
    PROBE_ENDPOINTS_FOUND(Mitigation.LISTENERS, "Mail server endpoints found for the domain"),
    PROBE_NO_ENDPOINTS(Mitigation.LISTENERS, "No mail server endpoint found for the domain"),
    PROBE_NULL_MX(Mitigation.LISTENERS, "Null MX: the domain accepts no mail, MX probes do not apply"),
    PROBE_MX_LOOKUP_FAILED(Mitigation.LISTENERS, "The MX lookup failed: MX hosts could not be probed"),
    PROBE_SRV_LOOKUP_FAILED(Mitigation.LISTENERS, "An SRV lookup (RFC 6186/8314) failed"),
    PROBE_SRV_NOT_OFFERED(Mitigation.LISTENERS, "An SRV record says the service is not offered (target \".\")"),
    PROBE_ENDPOINT_INVALID(Mitigation.LISTENERS, "A configured endpoint is not host:port[/protocol]"),
    PROBE_MX_NOT_PROBED(
            Mitigation.LISTENERS,
            "More than " + MailDiscovery.MAX_HOSTS_PER_SERVICE + " MX hosts: the rest are listed, not probed");

    private final Mitigation mitigation;
    private final String title;

    ProbeCode(Mitigation mitigation, String title) {
        this.mitigation = mitigation;
        this.title = title;
    }

    @Override
    public Mitigation mitigation() {
        return mitigation;
    }

    @Override
    public String title() {
        return title;
    }
}
