package dev.mailward.probe;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A mail server endpoint to probe: the host name (as found in MX/SRV or configured; used for
 * the certificate name check and SNI), the port, the addresses the {@code dns} module returned for
 * the host (tried in order; the target policy decides which may be contacted) and the protocol.
 */
public record Endpoint(String host, int port, List<InetAddress> addresses, Protocol protocol) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(protocol, "protocol");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1..65535");
        }
        addresses = List.copyOf(addresses);
    }

    /** The result target {@code host:port}, as CHECKS.md "Results" names endpoints. */
    public String target() {
        return host + ":" + port;
    }
}
