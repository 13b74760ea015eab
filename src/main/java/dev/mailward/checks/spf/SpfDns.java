package dev.mailward.checks.spf;

import java.net.InetAddress;
import java.util.List;

/**
 * The DNS questions {@code check_host()} asks (RFC 7208 §4.6.4, §5). Implementations return
 * names without a trailing dot and never throw for network trouble: that is {@link Kind#ERROR}.
 */
interface SpfDns {

    /** TXT records at {@code name}, each as its list of character-strings (ISO-8859-1 decoded). */
    Lookup<List<String>> txt(String name);

    /** A ({@code ipv6 == false}) or AAAA records at {@code name}. */
    Lookup<InetAddress> addresses(String name, boolean ipv6);

    /** MX records at {@code name}, sorted by preference. */
    Lookup<MxHost> mx(String name);

    /** PTR targets at a reverse name. */
    Lookup<String> ptr(String name);

    /** One MX record. */
    record MxHost(int preference, String exchange) {}

    /** How a lookup ended. */
    enum Kind {
        /** At least one record. */
        FOUND,
        /** NXDOMAIN or NOERROR with no answer: a "void lookup" (§4.6.4). */
        VOID,
        /**
         * The name cannot be asked through the shared resolver (octets other than letters, digits,
         * hyphen and underscore, which RFC 7208 §7.1 allows in a domain-spec): treated as a name
         * without records, but not as a void lookup because no query was made.
         */
        UNQUERYABLE,
        /** Timeout, SERVFAIL, REFUSED, budget spent, malformed response: temperror, never fail. */
        ERROR
    }

    /**
     * The outcome of one lookup.
     *
     * @param kind how it ended
     * @param values the records (empty unless FOUND)
     * @param detail why it failed, for {@link Kind#ERROR}; the outcome name otherwise
     */
    record Lookup<T>(Kind kind, List<T> values, String detail) {
        public Lookup {
            values = List.copyOf(values);
        }

        static <T> Lookup<T> found(List<T> values) {
            return values.isEmpty()
                    ? new Lookup<>(Kind.VOID, List.of(), "NODATA")
                    : new Lookup<>(Kind.FOUND, values, "OK");
        }

        static <T> Lookup<T> voidResult(String detail) {
            return new Lookup<>(Kind.VOID, List.of(), detail);
        }

        static <T> Lookup<T> error(String detail) {
            return new Lookup<>(Kind.ERROR, List.of(), detail);
        }
    }
}
