package dev.mailward.inventory;

/** A user removed an endpoint (role and port) from a mail server of {@code teamId}. */
public record EndpointRemoved(long serverId, String hostname, long teamId, EndpointRole role, int port, String actor) {}
