package dev.mailward.inventory;

/** A user added an endpoint (role and port) to a mail server of {@code teamId}. */
public record EndpointAdded(long serverId, String hostname, long teamId, EndpointRole role, int port, String actor) {}
