package dev.mailward.inventory;

import java.util.List;

/**
 * One mail server with its addresses, endpoints and the domains it serves.
 *
 * @param id server id
 * @param hostname host name (A-label)
 * @param teamId owning team
 * @param teamName the team's name
 * @param discovered whether discovery created it
 * @param notes free text
 * @param addresses addresses as last resolved
 * @param endpoints endpoints, discovered and manual
 * @param domains the domains it serves and in which role
 */
public record MailServerDetails(
        long id,
        String hostname,
        long teamId,
        String teamName,
        boolean discovered,
        String notes,
        List<Address> addresses,
        List<DomainDetails.Endpoint> endpoints,
        List<ServedDomain> domains) {

    public MailServerDetails {
        addresses = List.copyOf(addresses);
        endpoints = List.copyOf(endpoints);
        domains = List.copyOf(domains);
    }

    /** An address and its family ({@code IPV4} or {@code IPV6}). */
    public record Address(String address, String family) {}

    /** A domain this server serves. */
    public record ServedDomain(long domainId, String name, String displayName, EndpointRole role, int preference) {}
}
