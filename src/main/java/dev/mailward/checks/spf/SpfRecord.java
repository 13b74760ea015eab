package dev.mailward.checks.spf;

import java.util.List;
import java.util.Optional;

/**
 * A parsed SPF record (RFC 7208 §4.6.1): the mechanisms in order and the modifiers.
 *
 * @param text the record as published (verbatim)
 * @param mechanisms mechanisms in record order
 * @param redirect the {@code redirect=} domain-spec, if any
 * @param exp the {@code exp=} domain-spec, if any
 * @param unknownModifiers other modifiers, tolerated and ignored (§6)
 */
record SpfRecord(
        String text,
        List<Mechanism> mechanisms,
        Optional<MacroString> redirect,
        Optional<MacroString> exp,
        List<String> unknownModifiers) {

    SpfRecord {
        mechanisms = List.copyOf(mechanisms);
        unknownModifiers = List.copyOf(unknownModifiers);
    }

    /** The first {@code all} mechanism, if any. */
    Optional<Mechanism.All> all() {
        return mechanisms.stream()
                .filter(m -> m instanceof Mechanism.All)
                .map(m -> (Mechanism.All) m)
                .findFirst();
    }

    /** Qualifiers (RFC 7208 §4.6.2); the default is {@code +}. */
    enum Qualifier {
        PASS('+', SpfResult.PASS),
        FAIL('-', SpfResult.FAIL),
        SOFTFAIL('~', SpfResult.SOFTFAIL),
        NEUTRAL('?', SpfResult.NEUTRAL);

        final char symbol;
        final SpfResult result;

        Qualifier(char symbol, SpfResult result) {
            this.symbol = symbol;
            this.result = result;
        }

        static Optional<Qualifier> of(char c) {
            for (Qualifier q : values()) {
                if (q.symbol == c) {
                    return Optional.of(q);
                }
            }
            return Optional.empty();
        }
    }

    /** One mechanism (RFC 7208 §5); {@code text} is the term as written. */
    sealed interface Mechanism {
        Qualifier qualifier();

        String text();

        /** Whether the mechanism counts against the 10-lookup limit (§4.6.4). */
        default boolean queriesDns() {
            return this instanceof Include
                    || this instanceof A
                    || this instanceof Mx
                    || this instanceof Ptr
                    || this instanceof Exists;
        }

        record All(Qualifier qualifier, String text) implements Mechanism {}

        record Include(Qualifier qualifier, String text, MacroString domain) implements Mechanism {}

        record A(Qualifier qualifier, String text, Optional<MacroString> domain, int cidr4, int cidr6)
                implements Mechanism {}

        record Mx(Qualifier qualifier, String text, Optional<MacroString> domain, int cidr4, int cidr6)
                implements Mechanism {}

        record Ptr(Qualifier qualifier, String text, Optional<MacroString> domain) implements Mechanism {}

        record Ip4(Qualifier qualifier, String text, byte[] network, int cidr) implements Mechanism {}

        record Ip6(Qualifier qualifier, String text, byte[] network, int cidr) implements Mechanism {}

        record Exists(Qualifier qualifier, String text, MacroString domain) implements Mechanism {}
    }
}
