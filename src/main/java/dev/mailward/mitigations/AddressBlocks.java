package dev.mailward.mitigations;

import dev.mailward.dns.AddressText;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Collapses addresses into the fewest CIDR blocks that hold exactly those addresses: two sibling blocks of one
 * size become their parent ({@code 192.0.2.0} and {@code 192.0.2.1} become {@code 192.0.2.0/31}), a block
 * inside another is left out. Never widens: the blocks match no address that was not given. Pure.
 */
final class AddressBlocks {

    private record Block(int bits, BigInteger base, int prefix) {
        boolean contains(Block other) {
            return bits == other.bits
                    && prefix <= other.prefix
                    && base.shiftRight(bits - prefix).equals(other.base.shiftRight(bits - prefix));
        }
    }

    private AddressBlocks() {}

    /** The blocks, IPv4 first, in address order; what is not an address literal is left out. */
    static List<String> collapse(List<String> addresses) {
        List<Block> blocks = new ArrayList<>();
        for (String a : addresses) {
            parse(a).ifPresent(blocks::add);
        }
        boolean merged = true;
        while (merged) {
            merged = false;
            blocks.sort(Comparator.comparingInt(Block::bits)
                    .thenComparing(Block::base)
                    .thenComparingInt(Block::prefix));
            List<Block> next = new ArrayList<>();
            for (Block b : blocks) {
                if (!next.isEmpty() && next.getLast().contains(b)) {
                    merged |= !next.getLast().equals(b);
                    continue;
                }
                if (!next.isEmpty() && siblings(next.getLast(), b)) {
                    Block last = next.removeLast();
                    next.add(new Block(b.bits(), last.base(), b.prefix() - 1));
                    merged = true;
                    continue;
                }
                next.add(b);
            }
            blocks = next;
        }
        return blocks.stream().map(AddressBlocks::text).toList();
    }

    private static boolean siblings(Block a, Block b) {
        if (a.bits() != b.bits() || a.prefix() != b.prefix() || a.prefix() == 0) {
            return false;
        }
        int host = a.bits() - a.prefix();
        return !a.base().testBit(host) && a.base().setBit(host).equals(b.base());
    }

    private static Optional<Block> parse(String text) {
        if (text == null || text.isBlank() || text.length() > 45 || text.contains("/")) {
            return Optional.empty();
        }
        try {
            // ofLiteral never asks DNS: a name is refused, not resolved
            InetAddress address = InetAddress.ofLiteral(text.strip());
            byte[] raw = address.getAddress();
            int bits = raw.length * 8;
            return Optional.of(new Block(bits, new BigInteger(1, raw), bits));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(Block b) {
        byte[] raw = b.base().toByteArray();
        byte[] fixed = new byte[b.bits() / 8];
        int copy = Math.min(raw.length, fixed.length);
        System.arraycopy(raw, raw.length - copy, fixed, fixed.length - copy, copy);
        String address;
        try {
            address = AddressText.of(InetAddress.getByAddress(fixed));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return b.prefix() == b.bits() ? address : address + "/" + b.prefix();
    }
}
