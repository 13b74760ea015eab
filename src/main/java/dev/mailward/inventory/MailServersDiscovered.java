package dev.mailward.inventory;

import java.util.List;

/**
 * Discovery of a domain finished (with or without servers).
 *
 * @param domainId the domain
 * @param name its A-label
 * @param status the outcome
 * @param serverIds the servers now linked to the domain
 */
public record MailServersDiscovered(long domainId, String name, DiscoveryStatus status, List<Long> serverIds) {

    public MailServersDiscovered {
        serverIds = List.copyOf(serverIds);
    }
}
