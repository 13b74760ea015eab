package dev.mailward.inventory;

/** A domain's settings (team, tags, selectors, interval, notes) were changed. */
public record DomainChanged(long domainId, String name, long teamId, String actor) {}
