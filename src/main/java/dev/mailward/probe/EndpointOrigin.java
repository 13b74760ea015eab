package dev.mailward.probe;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an endpoint to probe was found: the MX set, an SRV record (with its owner name) or a
 * configuration (an operator added it to a mail server, or the CLI's {@code --endpoint}). A plain
 * record, so that it is stored with the observations that carry it.
 *
 * @param kind how the endpoint was found
 * @param srvOwner the SRV owner name, e.g. {@code _imaps._tcp.example.org}; present exactly for
 *     {@link Kind#SRV}
 */
public record EndpointOrigin(Kind kind, Optional<String> srvOwner) {

    /** How an endpoint was found. */
    public enum Kind {
        /** Port 25 of an MX host (or of the domain itself, the implicit MX). */
        MX,
        /** The target of an SRV record. */
        SRV,
        /** Added by an operator or on the command line. */
        CONFIGURED
    }

    /** Found in the MX set. */
    public static final EndpointOrigin MX = new EndpointOrigin(Kind.MX, Optional.empty());
    /** Added by an operator or on the command line. */
    public static final EndpointOrigin CONFIGURED = new EndpointOrigin(Kind.CONFIGURED, Optional.empty());

    public EndpointOrigin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(srvOwner, "srvOwner");
        if (srvOwner.isPresent() != (kind == Kind.SRV)) {
            throw new IllegalArgumentException(
                    "an SRV origin names its owner, no other does: " + kind + " " + srvOwner);
        }
    }

    /** Found in the SRV record at {@code owner}. */
    public static EndpointOrigin srv(String owner) {
        return new EndpointOrigin(Kind.SRV, Optional.of(owner));
    }

    /** How evidence names the origin: {@code mx}, the SRV owner name or {@code configured}. */
    public String label() {
        return switch (kind) {
            case MX -> "mx";
            case SRV -> srvOwner.orElseThrow();
            case CONFIGURED -> "configured";
        };
    }

    /** Whether the endpoint is port 25 of an MX host. */
    public boolean isMx() {
        return kind == Kind.MX;
    }
}
