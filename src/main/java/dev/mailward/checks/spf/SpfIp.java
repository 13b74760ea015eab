package dev.mailward.checks.spf;

import dev.mailward.dns.AddressText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address helpers for SPF, written without the JVM resolver: parsing never looks a name up.
 * An address is its bytes: 4 for IPv4, 16 for IPv6. IPv4-mapped IPv6 addresses are IPv4
 * (RFC 7208 §5: "an IPv4-mapped IPv6 IP address ... MUST still be considered an IPv4 address").
 */
final class SpfIp {

    /** ip4-network: dotted quad without leading zeros (RFC 7208 §5.6, qnum). */
    private static final Pattern IP4 = Pattern.compile(
            "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])){3}");

    private SpfIp() {}

    static Optional<byte[]> parseIp4(String s) {
        if (!IP4.matcher(s).matches()) {
            return Optional.empty();
        }
        String[] p = s.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(p[i]);
        }
        return Optional.of(b);
    }

    /** Parses an IPv6 address in RFC 4291 text form (with optional trailing dotted quad). */
    static Optional<byte[]> parseIp6(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return Optional.empty();
        }
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return Optional.empty();
        }
        String head = dc >= 0 ? s.substring(0, dc) : s;
        String tail = dc >= 0 ? s.substring(dc + 2) : "";
        int[] h = groups(head, dc < 0);
        int[] t = dc >= 0 ? groups(tail, true) : new int[0];
        if (h == null || t == null) {
            return Optional.empty();
        }
        int total = h.length + t.length;
        if (dc < 0 && total != 8) {
            return Optional.empty();
        }
        if (dc >= 0 && total > 7) {
            return Optional.empty();
        }
        int[] all = new int[8];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(t, 0, all, 8 - t.length, t.length);
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (all[i] >> 8);
            b[2 * i + 1] = (byte) all[i];
        }
        return Optional.of(b);
    }

    /** 16-bit groups of a part of an IPv6 address; a dotted quad is allowed at the very end. */
    private static int[] groups(String part, boolean quadAllowedAtEnd) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] g = part.split(":", -1);
        int n = g.length;
        boolean quad = quadAllowedAtEnd && g[n - 1].contains(".");
        int[] out = new int[quad ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            if (quad && i == n - 1) {
                Optional<byte[]> v4 = parseIp4(g[i]);
                if (v4.isEmpty()) {
                    return null;
                }
                byte[] q = v4.get();
                out[i] = ((q[0] & 0xff) << 8) | (q[1] & 0xff);
                out[i + 1] = ((q[2] & 0xff) << 8) | (q[3] & 0xff);
            } else {
                if (!g[i].matches("[0-9A-Fa-f]{1,4}")) {
                    return null;
                }
                out[i] = Integer.parseInt(g[i], 16);
            }
        }
        return out;
    }

    /** Parses a client address (v4 or v6); IPv4-mapped IPv6 becomes 4 bytes. */
    static Optional<byte[]> parseClient(String s) {
        Optional<byte[]> v4 = parseIp4(s);
        if (v4.isPresent()) {
            return v4;
        }
        return parseIp6(s).map(SpfIp::unmap);
    }

    static byte[] unmap(byte[] b) {
        if (b.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return b;
                }
            }
            if ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return Arrays.copyOfRange(b, 12, 16);
            }
        }
        return b;
    }

    static boolean inNetwork(byte[] ip, byte[] network, int prefix) {
        if (ip.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (ip[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (ip[full] & mask) == (network[full] & mask);
    }

    /** The {@code i} macro: dotted quad, or dot-separated nibbles for IPv6 (§7.3). */
    static String dotted(byte[] ip) {
        if (ip.length == 4) {
            return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : ip) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.').append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** The {@code c} macro: dotted quad, or RFC 5952 compressed lower-case IPv6. */
    static String readable(byte[] ip) {
        return ip.length == 4 ? dotted(ip) : AddressText.ofIpv6(ip);
    }

    /** The reverse-lookup name: {@code d.c.b.a.in-addr.arpa} or the nibble {@code ip6.arpa} name. */
    static String reverseName(byte[] ip) {
        String[] parts = dotted(ip).split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            sb.append(parts[i]).append('.');
        }
        return sb + (ip.length == 4 ? "in-addr.arpa" : "ip6.arpa");
    }

    static byte[] bytes(InetAddress a) {
        return unmap(a.getAddress());
    }

    static InetAddress toInet(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + b.length, e);
        }
    }

    static String format(byte[] ip) {
        return readable(ip).toLowerCase(Locale.ROOT);
    }
}
