package dev.mailward.dns;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How Mailward resolves names. Bound from {@code mailward.dns.*} in the console and from
 * {@code --resolver}/{@code --trust-anchors} in the CLI.
 *
 * @param resolvers servers asked in order ({@code host:port}); empty means the system's
 *     {@code /etc/resolv.conf} servers
 * @param timeout per-try timeout for one query
 * @param retries extra tries per server after a timeout
 * @param dnssecMode how the DNSSEC status of an answer is established
 * @param trustAnchors file with DS or DNSKEY records in zone-file format for {@link DnssecMode#VALIDATE};
 *     empty means the IANA root anchors shipped as a resource
 * @param cacheMaxEntries upper bound of the answer cache (0 disables the cache)
 * @param maxCnameChain longest CNAME chain followed before the answer is an ERROR
 * @param maxResponseBytes largest response accepted (EDNS0 buffer size for UDP; TCP cap)
 * @param maxQueriesPerCheck default budget of a {@link DnsSession} for one check
 * @param maxQueriesPerDomain budget for all checks of one domain together
 */
public record DnsSettings(
        List<InetSocketAddress> resolvers,
        Duration timeout,
        int retries,
        DnssecMode dnssecMode,
        Optional<Path> trustAnchors,
        int cacheMaxEntries,
        int maxCnameChain,
        int maxResponseBytes,
        int maxQueriesPerCheck,
        int maxQueriesPerDomain) {

    /** How the DNSSEC status of an answer is established. */
    public enum DnssecMode {
        /** Trust the AD bit of the configured resolvers, which must be validating and trusted. */
        TRUST_AD,
        /** Validate locally with dnsjava's validating resolver from the configured trust anchors. */
        VALIDATE
    }

    public DnsSettings {
        resolvers = List.copyOf(resolvers);
    }

    /** Defaults: system resolvers, 2 s timeout, 1 retry, local validation with the IANA anchors. */
    public static DnsSettings defaults() {
        return new DnsSettings(
                List.of(),
                Duration.ofSeconds(2),
                1,
                DnssecMode.VALIDATE,
                Optional.empty(),
                100_000,
                8,
                65_535,
                60,
                400);
    }

    public DnsSettings withResolvers(List<InetSocketAddress> servers) {
        return new DnsSettings(
                servers,
                timeout,
                retries,
                dnssecMode,
                trustAnchors,
                cacheMaxEntries,
                maxCnameChain,
                maxResponseBytes,
                maxQueriesPerCheck,
                maxQueriesPerDomain);
    }

    public DnsSettings withTrustAnchors(Path file) {
        return new DnsSettings(
                resolvers,
                timeout,
                retries,
                dnssecMode,
                Optional.of(file),
                cacheMaxEntries,
                maxCnameChain,
                maxResponseBytes,
                maxQueriesPerCheck,
                maxQueriesPerDomain);
    }

    public DnsSettings withDnssecMode(DnssecMode mode) {
        return new DnsSettings(
                resolvers,
                timeout,
                retries,
                mode,
                trustAnchors,
                cacheMaxEntries,
                maxCnameChain,
                maxResponseBytes,
                maxQueriesPerCheck,
                maxQueriesPerDomain);
    }

    public DnsSettings withTimeout(Duration perTry, int tries) {
        return new DnsSettings(
                resolvers,
                perTry,
                tries,
                dnssecMode,
                trustAnchors,
                cacheMaxEntries,
                maxCnameChain,
                maxResponseBytes,
                maxQueriesPerCheck,
                maxQueriesPerDomain);
    }

    /** Parses {@code host:port} or {@code [v6]:port} or a bare host (port 53). */
    public static InetSocketAddress parseServer(String spec) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty resolver address");
        }
        String host;
        int port = 53;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("resolver '" + spec + "': missing ']'");
            }
            host = s.substring(1, end);
            if (end + 1 < s.length()) {
                if (s.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("resolver '" + spec + "': expected ':port' after ']'");
                }
                port = parsePort(spec, s.substring(end + 2));
            }
        } else if (s.chars().filter(c -> c == ':').count() == 1) {
            host = s.substring(0, s.indexOf(':'));
            port = parsePort(spec, s.substring(s.indexOf(':') + 1));
        } else {
            host = s;
        }
        if (!host.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("resolver '" + spec + "': give an IP address, not a host name");
        }
        return new InetSocketAddress(host, port);
    }

    private static int parsePort(String spec, String p) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resolver '" + spec + "': port must be 1..65535");
        }
    }
}
