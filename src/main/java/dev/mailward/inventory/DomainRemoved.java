package dev.mailward.inventory;

/** A domain was removed from the inventory. */
public record DomainRemoved(long domainId, String name, long teamId, String actor) {}
