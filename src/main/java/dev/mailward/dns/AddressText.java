package dev.mailward.dns;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IP address as people read and write it: IPv4 dotted, IPv6 in the RFC 5952 canonical text (lower case,
 * leading zeros dropped, the longest run of two or more zero groups as {@code ::}, the first of equally long
 * runs), so {@code ::1} and {@code 2001:db8::25}, never {@link InetAddress#getHostAddress()}'s
 * {@code 0:0:0:0:0:0:0:1}. Every address the console, the reports and the CLI show (result targets, evidence,
 * messages, DNS answers) is written with this. A scope id ({@code %eth0}) is dropped: the addresses shown are
 * global ones from DNS.
 */
public final class AddressText {

    private AddressText() {}

    /** The canonical text of {@code address}. */
    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        return ofIpv6(address.getAddress());
    }

    /** The RFC 5952 text of the 16 bytes of an IPv6 address. */
    public static String ofIpv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
