package dev.mailward.audit;

import dev.mailward.dns.AddressText;
import java.net.InetAddress;

/**
 * A client address as the audit log shows it: an IPv6 literal compressed ({@code ::1}, not the servlet
 * container's {@code 0:0:0:0:0:0:0:1}), anything else unchanged. Applied when an entry is written and when
 * one is read, so entries written before read the same.
 */
final class SourceAddresses {

    private SourceAddresses() {}

    static String text(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            return AddressText.of(InetAddress.ofLiteral(address));
        } catch (IllegalArgumentException e) {
            return address;
        }
    }
}
