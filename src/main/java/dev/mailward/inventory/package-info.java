/**
 * The inventory: mail domains (A-label stored, U-label shown), their team, tags, DKIM selectors
 * and check interval; mail servers with their addresses and endpoints; onboarding with MX and
 * SRV discovery through {@link dev.mailward.dns.Dns}; bulk import.
 *
 * <p>Other modules use {@link dev.mailward.inventory.InventoryService} and the value type
 * {@link dev.mailward.dns.DomainName}. Publishes {@link dev.mailward.inventory.DomainAdded},
 * {@link dev.mailward.inventory.DomainChanged}, {@link dev.mailward.inventory.DomainRemoved} and
 * {@link dev.mailward.inventory.MailServersDiscovered}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Inventory")
package dev.mailward.inventory;
