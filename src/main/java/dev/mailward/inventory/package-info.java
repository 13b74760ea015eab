/**
 * The inventory: mail domains (A-label stored, U-label shown), their team, tags, DKIM selectors
 * and check interval; mail servers with their addresses and endpoints; onboarding with MX and
 * SRV discovery through {@link dev.mailward.dns.Dns}; bulk import.
 *
 * <p>Other modules use {@link dev.mailward.inventory.InventoryService} and the value type
 * {@link dev.mailward.dns.DomainName}. Publishes {@link dev.mailward.inventory.DomainAdded},
 * {@link dev.mailward.inventory.DomainChanged}, {@link dev.mailward.inventory.DomainRemoved},
 * {@link dev.mailward.inventory.DomainsImported}, {@link dev.mailward.inventory.DiscoveryRequested},
 * {@link dev.mailward.inventory.MailServersDiscovered}, {@link dev.mailward.inventory.EndpointAdded} and
 * {@link dev.mailward.inventory.EndpointRemoved}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Inventory",
        allowedDependencies = {"accounts", "dns", "probe", "shared"})
package dev.mailward.inventory;
