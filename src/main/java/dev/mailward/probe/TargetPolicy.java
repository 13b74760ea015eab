package dev.mailward.probe;

import dev.mailward.dns.AddressText;
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
 * <p>An IPv6 address that carries an IPv4 address is also judged by the IPv4 address it carries,
 * because that is where its packets end up (a NAT64 translator, a 6to4 relay, a tunnel): the
 * IPv4-mapped {@code ::ffff:a.b.c.d} and IPv4-translated {@code ::ffff:0:a.b.c.d} forms, the
 * deprecated IPv4-compatible {@code ::a.b.c.d} (RFC 4291 §2.5.5.1; {@code ::} and {@code ::1}
 * are their own things), NAT64 {@code 64:ff9b::/96} (RFC 6052) and local-use
 * {@code 64:ff9b:1::/48} (RFC 8215), 6to4 {@code 2002::/16} (RFC 3056), Teredo
 * {@code 2001::/32} (RFC 4380: server and client) and ISATAP interface identifiers (RFC 5214).
 * A carried address that is refused refuses the IPv6 address; an allow-list range of IPv4
 * addresses therefore also allows the embedded forms of those addresses, as it allows what they
 * reach. The local-use NAT64 and Teredo ranges stay refused as a whole (the IANA registry marks
 * them not globally reachable) unless an IPv6 allow-list range contains the address.
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
            // a literal only: getByName would resolve "cafe" through DNS, and ofLiteral alone
            // accepts the inet_aton shorthands ("10.1" = 10.0.0.1)
            boolean ipv6 = addr.contains(":");
            if (ipv6 ? !addr.matches("[0-9A-Fa-f:.]{2,45}") : !addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR range");
            }
            InetAddress a;
            try {
                a = InetAddress.ofLiteral(addr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR range");
            }
            if (ipv6 && a instanceof Inet4Address) {
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
            return AddressText.of(network) + "/" + prefix;
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
            Cidr.parse("255.255.255.255/32", "limited broadcast (RFC 919)"),
            Cidr.parse("240.0.0.0/4", "reserved (RFC 1112)"),
            Cidr.parse("::/128", "unspecified (RFC 4291)"),
            Cidr.parse("::1/128", "loopback (RFC 4291)"),
            Cidr.parse("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
            Cidr.parse("100::/64", "discard-only (RFC 6666)"),
            Cidr.parse("2001::/32", "Teredo (RFC 4380), a tunnel to a host behind NAT"),
            Cidr.parse("2001::/23", "IETF protocol assignments (RFC 2928)"),
            Cidr.parse("2001:db8::/32", "documentation (RFC 3849)"),
            Cidr.parse("3fff::/20", "documentation (RFC 9637)"),
            Cidr.parse("fc00::/7", "unique local (RFC 4193), includes fd00:ec2::254 metadata"),
            Cidr.parse("fe80::/10", "link-local (RFC 4291)"),
            Cidr.parse("ff00::/8", "multicast (RFC 4291)"));

    private static final String HINT = "; allow it with --allow-targets or mailward.checks.allow-targets";

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
     * --allow-targets or mailward.checks.allow-targets", and for an address that carries an IPv4
     * address the form and the address carried, e.g. "64:ff9b:0:0:0:0:a00:5 is a NAT64 address
     * (RFC 6052) carrying 10.0.0.5, which is in 10.0.0.0/8, private (RFC 1918); allow it with …".
     */
    public Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet4Address) {
            return refusingRange(address).map(c -> AddressText.of(address) + " is in " + c + ", " + c.label() + HINT);
        }
        if (allowed.stream().anyMatch(c -> c.contains(address))) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        for (Carried carried : carried(b)) {
            Optional<Cidr> range = refusingRange(carried.ipv4());
            if (range.isPresent()) {
                return Optional.of(AddressText.of(address) + " is " + carried.form() + " carrying " + carried.role()
                        + AddressText.of(carried.ipv4()) + ", which is in " + range.get() + ", "
                        + range.get().label() + HINT);
            }
        }
        return SPECIAL.stream()
                .filter(c -> c.contains(address))
                .findFirst()
                .map(c -> AddressText.of(address) + " is in " + c + ", " + c.label() + HINT);
    }

    public boolean permits(InetAddress address) {
        return refusal(address).isEmpty();
    }

    /** The special-purpose range that refuses {@code a}, unless the allow-list contains it. */
    private Optional<Cidr> refusingRange(InetAddress a) {
        if (allowed.stream().anyMatch(c -> c.contains(a))) {
            return Optional.empty();
        }
        return SPECIAL.stream().filter(c -> c.contains(a)).findFirst();
    }

    /**
     * An IPv4 address carried in an IPv6 address.
     *
     * @param form what kind of address carries it, with an article ("a NAT64 address (RFC 6052)")
     * @param role which of several carried addresses this is ("client "), or empty
     */
    record Carried(String form, String role, Inet4Address ipv4) {}

    /** Every IPv4 address the 16-byte IPv6 address {@code b} carries, by the forms that define one. */
    static List<Carried> carried(byte[] b) {
        List<Carried> out = new ArrayList<>();
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            out.add(new Carried("an IPv4-mapped address (RFC 4291)", "", ipv4(b, 12, 13, 14, 15)));
        } else if (zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            // ::/128 and ::1/128 are the unspecified and loopback addresses, judged as such
            out.add(new Carried("an IPv4-compatible address (RFC 4291, deprecated)", "", ipv4(b, 12, 13, 14, 15)));
        } else if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
            out.add(new Carried("an IPv4-translated address (RFC 2765)", "", ipv4(b, 12, 13, 14, 15)));
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (zero(b, 4, 12)) {
                out.add(new Carried("a NAT64 address (RFC 6052)", "", rfc6052(b, 96)));
            } else if (b[4] == 0 && b[5] == 1) {
                // RFC 8215 §3: a local-use network-specific prefix of /48 or longer inside 64:ff9b:1::/48;
                // which one the site uses is not visible, so every layout the address fits is judged
                for (int length : new int[] {48, 56, 64, 96}) {
                    if (fitsRfc6052(b, length)) {
                        out.add(new Carried(
                                "a local-use NAT64 address (RFC 8215, as a /" + length + " prefix)",
                                "",
                                rfc6052(b, length)));
                    }
                }
            }
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            out.add(new Carried("a 6to4 address (RFC 3056)", "", ipv4(b, 2, 3, 4, 5)));
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            // RFC 4380 §4: server address in bits 32-63, client address in bits 96-127 with every bit inverted
            out.add(new Carried("a Teredo address (RFC 4380)", "server ", ipv4(b, 4, 5, 6, 7)));
            byte[] client = {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
            out.add(new Carried("a Teredo address (RFC 4380)", "client ", ipv4(client, 0, 1, 2, 3)));
        }
        if ((b[8] & 0xfd) == 0 && b[9] == 0 && b[10] == 0x5e && (b[11] & 0xff) == 0xfe) {
            // RFC 5214 §6.1: interface identifier 0000:5efe or 0200:5efe (u bit) followed by the IPv4 address
            out.add(new Carried("an ISATAP address (RFC 5214)", "", ipv4(b, 12, 13, 14, 15)));
        }
        return out;
    }

    /**
     * The IPv4 address at the RFC 6052 §2.2 position for a prefix of {@code length} bits (32, 40,
     * 48, 56, 64 or 96): right after the prefix, skipping bits 64-71 (the "u" octet).
     */
    static Inet4Address rfc6052(byte[] b, int length) {
        byte[] v4 = new byte[4];
        int k = 0;
        for (int i = length / 8; k < 4; i++) {
            if (i != 8) {
                v4[k++] = b[i];
            }
        }
        return ipv4(v4, 0, 1, 2, 3);
    }

    /** Whether {@code b} follows the RFC 6052 §2.2 layout for {@code length}: u octet and suffix zero. */
    private static boolean fitsRfc6052(byte[] b, int length) {
        if (length == 96) {
            return true;
        }
        int end = length / 8 + (length >= 40 ? 5 : 4); // after the address and, from /40 on, the skipped u octet
        return b[8] == 0 && zero(b, end, 16);
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address ipv4(byte[] b, int i, int j, int k, int l) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[i], b[j], b[k], b[l]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
