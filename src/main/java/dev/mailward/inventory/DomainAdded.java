package dev.mailward.inventory;

/** A domain was onboarded (one by one or by bulk import). */
public record DomainAdded(long domainId, String name, long teamId, String actor) {}
