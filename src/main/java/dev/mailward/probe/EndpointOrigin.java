package dev.mailward.probe;

import java.util.Objects;

/**
 * Where an endpoint to probe was found: an MX record, an SRV record (with its owner name) or a
 * configuration (an operator added it to a mail server, or the CLI's {@code --endpoint}).
 */
public sealed interface EndpointOrigin {

    /** Port 25 of an MX host (or the domain itself, the implicit MX). */
    EndpointOrigin MX = new Mx();
    /** Added by an operator or on the command line. */
    EndpointOrigin CONFIGURED = new Configured();

    /** How evidence names the origin: {@code mx}, the SRV owner name or {@code configured}. */
    String label();

    /** Whether the endpoint is port 25 of an MX host. */
    default boolean isMx() {
        return this instanceof Mx;
    }

    /** Found in the MX set. */
    record Mx() implements EndpointOrigin {
        @Override
        public String label() {
            return "mx";
        }
    }

    /**
     * Found in an SRV record.
     *
     * @param owner the SRV owner name, e.g. {@code _imaps._tcp.example.org}
     */
    record Srv(String owner) implements EndpointOrigin {
        public Srv {
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String label() {
            return owner;
        }
    }

    /** Added by an operator or on the command line. */
    record Configured() implements EndpointOrigin {
        @Override
        public String label() {
            return "configured";
        }
    }
}
