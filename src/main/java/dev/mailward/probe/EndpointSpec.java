package dev.mailward.probe;

import dev.mailward.dns.DomainName;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A mail server endpoint to probe, named before its addresses are known: the host (a host name as
 * an A-label in lower case, or an IP address literal), the port, the protocol spoken there and where
 * it was found. The addresses come later, from the {@code dns} module ({@link #resolved}). This is
 * how an endpoint travels from the inventory or the command line to the probes: typed, never as
 * {@code host:port/protocol} text.
 */
public record EndpointSpec(String host, int port, Protocol protocol, EndpointOrigin origin)
        implements ConfiguredEndpoint {

    /** Longest endpoint text {@link #parse} accepts. */
    static final int MAX_TEXT = 300;

    public EndpointSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(origin, "origin");
        if (host.isBlank()) {
            throw new IllegalArgumentException("endpoint host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1..65535");
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /** The result target {@code host:port}, as CHECKS.md "Results" names endpoints. */
    public String target() {
        return host + ":" + port;
    }

    /** The address when the host is an IP literal rather than a name. */
    public Optional<InetAddress> literal() {
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The endpoint to probe at {@code addresses} (the {@code dns} module's answer for the host). */
    public Endpoint resolved(List<InetAddress> addresses) {
        return new Endpoint(host, port, addresses, protocol);
    }

    /**
     * Parses a configured endpoint as the command line gives it: {@code host:port},
     * {@code [v6]:port} or either with {@code /protocol} (smtp, submission, submissions, imap,
     * imaps, pop3, pop3s, sieve); without a protocol it follows the port ({@link Protocol#forPort}).
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static EndpointSpec parse(String spec) {
        String s = spec.strip();
        if (s.length() > MAX_TEXT) {
            throw new IllegalArgumentException("endpoint '" + s.substring(0, 40) + "…' is too long");
        }
        Optional<Protocol> protocol = Optional.empty();
        int slash = s.lastIndexOf('/');
        if (slash > 0) {
            String p = s.substring(slash + 1).toLowerCase(Locale.ROOT);
            protocol = Optional.of(Protocol.named(p)
                    .orElseThrow(() ->
                            new IllegalArgumentException("endpoint '" + spec + "': unknown protocol '" + p + "'")));
            s = s.substring(0, slash);
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("endpoint '" + spec + "' is not [address]:port");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("endpoint '" + spec + "' is not host:port");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        int n;
        try {
            n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 65535) {
            throw new IllegalArgumentException("endpoint '" + spec + "': port '" + port + "' is not 1..65535");
        }
        int portNumber = n;
        String bare = s;
        Protocol proto = protocol.or(() -> Protocol.forPort(portNumber))
                .orElseThrow(
                        () -> new IllegalArgumentException("endpoint '" + spec + "': no protocol is known for port "
                                + portNumber + "; add one, e.g. " + bare + "/submission"));
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                InetAddress.ofLiteral(host);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint '" + spec + "': '" + host + "' is not an IP address");
            }
        } else {
            try {
                host = DomainName.parse(host).ascii();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint '" + spec + "': " + e.getMessage());
            }
        }
        return new EndpointSpec(host, portNumber, proto, EndpointOrigin.CONFIGURED);
    }
}
