package dev.mailward.inventory;

/** A user asked to run a domain's discovery again ({@link MailServersDiscovered} follows with the outcome). */
public record DiscoveryRequested(long domainId, String name, long teamId, String actor) {}
