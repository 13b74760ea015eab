package dev.mailward.probe;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether Mailward may connect to an address. Loopback, RFC 1918, CGNAT, link-local,
 * multicast, cloud metadata, documentation, benchmarking and other special-purpose ranges
 * (IANA special-purpose registries, RFC 6890) are refused unless an allow-list range contains the
 * address: a scanner that follows DNS must not be turned against the network it runs in.
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetPolicy {

    /** A CIDR range. */
    public record Cidr(InetAddress network, int prefix, String label) {

        /** Parses {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a host route. */
        public static Cidr parse(String spec) {
            return parse(spec, spec.strip());
        }

        static Cidr parse(String spec, String label) {
            String s = spec.strip();
            int slash = s.indexOf('/');
            String addr = slash < 0 ? s : s.substring(0, slash);
            if (!addr.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR range");
            }
            InetAddress a;
            try {
                a = InetAddress.getByName(addr);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR range");
            }
            if (addr.contains(":") && a instanceof Inet4Address) {
                // InetAddress turns IPv4-mapped IPv6 literals (::ffff:0:0) into IPv4; keep the 16-byte form.
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(a.getAddress(), 0, v6, 12, 4);
                try {
                    a = Inet6Address.getByAddress(null, v6, -1);
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR range");
                }
            }
            int max = a.getAddress().length * 8;
            int prefix = max;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + spec + "': prefix length is not a number");
                }
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("'" + spec + "': prefix length must be 0.." + max);
                }
            }
            return new Cidr(a, prefix, label);
        }

        public boolean contains(InetAddress address) {
            byte[] net = network.getAddress();
            byte[] x = address.getAddress();
            if (net.length != x.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((net[i] & mask) != (x[i] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return network.getHostAddress() + "/" + prefix;
        }
    }

    private static final List<Cidr> SPECIAL = List.of(
            Cidr.parse("0.0.0.0/8", "\"this network\" (RFC 791)"),
            Cidr.parse("10.0.0.0/8", "private (RFC 1918)"),
            Cidr.parse("100.64.0.0/10", "shared address space / CGNAT (RFC 6598)"),
            Cidr.parse("127.0.0.0/8", "loopback (RFC 1122)"),
            Cidr.parse("169.254.0.0/16", "link-local, includes cloud metadata 169.254.169.254 (RFC 3927)"),
            Cidr.parse("172.16.0.0/12", "private (RFC 1918)"),
            Cidr.parse("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
            Cidr.parse("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
            Cidr.parse("192.88.99.0/24", "6to4 relay anycast (RFC 7526)"),
            Cidr.parse("192.168.0.0/16", "private (RFC 1918)"),
            Cidr.parse("198.18.0.0/15", "benchmarking (RFC 2544)"),
            Cidr.parse("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
            Cidr.parse("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
            Cidr.parse("224.0.0.0/4", "multicast (RFC 5771)"),
            Cidr.parse("240.0.0.0/4", "reserved (RFC 1112)"),
            Cidr.parse("255.255.255.255/32", "limited broadcast (RFC 919)"),
            Cidr.parse("::/128", "unspecified (RFC 4291)"),
            Cidr.parse("::1/128", "loopback (RFC 4291)"),
            Cidr.parse("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
            Cidr.parse("100::/64", "discard-only (RFC 6666)"),
            Cidr.parse("2001::/23", "IETF protocol assignments (RFC 2928)"),
            Cidr.parse("2001:db8::/32", "documentation (RFC 3849)"),
            Cidr.parse("fc00::/7", "unique local (RFC 4193), includes fd00:ec2::254 metadata"),
            Cidr.parse("fe80::/10", "link-local (RFC 4291)"),
            Cidr.parse("ff00::/8", "multicast (RFC 4291)"));

    private final List<Cidr> allowed;

    private TargetPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** The default: every special-purpose range refused, nothing allow-listed. */
    public static TargetPolicy strict() {
        return new TargetPolicy(List.of());
    }

    /** Special-purpose ranges refused except those inside one of {@code allow} (CIDR strings). */
    public static TargetPolicy allowing(List<String> allow) {
        List<Cidr> list = new ArrayList<>();
        for (String a : allow) {
            if (!a.isBlank()) {
                list.add(Cidr.parse(a));
            }
        }
        return new TargetPolicy(list);
    }

    public List<Cidr> allowed() {
        return allowed;
    }

    /**
     * Why {@code address} may not be contacted, or empty when it may. The reason names the address
     * and the range, e.g. "127.0.0.1 is in 127.0.0.0/8, loopback (RFC 1122); allow it with
     * --allow-targets / mailward.checks.allow-targets".
     */
    public Optional<String> refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        for (Cidr c : allowed) {
            if (c.contains(a)) {
                return Optional.empty();
            }
        }
        for (Cidr c : SPECIAL) {
            if (c.contains(a)) {
                return Optional.of(a.getHostAddress() + " is in " + c + ", " + c.label()
                        + "; allow it with --allow-targets or mailward.checks.allow-targets");
            }
        }
        return Optional.empty();
    }

    public boolean permits(InetAddress address) {
        return refusal(address).isEmpty();
    }

    /** IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry. */
    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            BigInteger top = new BigInteger(1, java.util.Arrays.copyOfRange(b, 0, 12));
            if (top.equals(BigInteger.valueOf(0xffff))) {
                try {
                    return Inet4Address.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }
}
