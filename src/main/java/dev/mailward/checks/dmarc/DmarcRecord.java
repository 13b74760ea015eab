package dev.mailward.checks.dmarc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed DMARC policy record (RFC 9989 §4.7, RFC 7489 §6.3): the raw text, every tag as
 * published (lower-cased names, in order) and the interpreted values of the known tags, with the
 * problems found while parsing. Values of tags that were absent or invalid are empty.
 *
 * @param raw the TXT text exactly as published
 * @param tags every tag name (lower case) to its value as published (trimmed), in record order
 * @param p the requested policy for the domain itself
 * @param sp the policy for existing subdomains
 * @param np the policy for non-existent subdomains (RFC 9989)
 * @param psd the public-suffix-domain marker {@code y}, {@code n} or {@code u} (RFC 9989)
 * @param testing {@code t=y} (RFC 9989 testing mode)
 * @param adkim DKIM alignment mode, {@code r} (default) or {@code s}
 * @param aspf SPF alignment mode, {@code r} (default) or {@code s}
 * @param rua aggregate report destinations
 * @param ruf failure report destinations
 * @param problems what is wrong, in the order found
 * @param policyFallbackNone an invalid or missing policy was replaced by {@code none} because
 *     a valid {@code rua} was present (RFC 7489 §6.6.3)
 */
record DmarcRecord(
        String raw,
        Map<String, String> tags,
        Optional<Policy> p,
        Optional<Policy> sp,
        Optional<Policy> np,
        String psd,
        boolean testing,
        String adkim,
        String aspf,
        List<ReportUri> rua,
        List<ReportUri> ruf,
        List<Problem> problems,
        boolean policyFallbackNone) {

    DmarcRecord {
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        rua = List.copyOf(rua);
        ruf = List.copyOf(ruf);
        problems = List.copyOf(problems);
    }

    /** A DMARC policy value, weakest first. */
    enum Policy {
        NONE,
        QUARANTINE,
        REJECT;

        String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** One level weaker, as {@code t=y} asks of receivers (RFC 9989 §4.7 "t"). */
        Policy weaker() {
            return this == REJECT ? QUARANTINE : NONE;
        }
    }

    /**
     * One report destination.
     *
     * @param uri the URI without the size suffix
     * @param size the {@code !size} suffix lower-cased (RFC 7489 §6.2), if any
     * @param scheme the URI scheme, lower case
     * @param host the domain that receives the reports (mailto: the part after {@code @}; https:
     *     the host), lower case, if one can be found
     */
    record ReportUri(String uri, Optional<String> size, String scheme, Optional<String> host) {}

    /** One parsing problem; {@code fatal} ones make receivers discard the record. */
    record Problem(Kind kind, String tag, String value, String message) {
        boolean fatal() {
            return kind.fatal;
        }
    }

    enum Kind {
        LEADING_WHITESPACE(true),
        BAD_VERSION(true),
        SYNTAX(true),
        DUPLICATE_TAG(true),
        INVALID_VALUE(true),
        NO_POLICY(true),
        /** Valid for RFC 9989 receivers, rejected by the RFC 7489 ABNF. */
        TAG_ORDER(false),
        /** An invalid p/sp/np replaced by none because rua is valid (RFC 7489 §6.6.3). */
        POLICY_FALLBACK(false),
        OBSOLETE_TAG(false),
        URI_UNSUPPORTED(false);

        private final boolean fatal;

        Kind(boolean fatal) {
            this.fatal = fatal;
        }
    }

    /** True when receivers apply this record (no fatal problem). */
    boolean usable() {
        return problems.stream().noneMatch(Problem::fatal);
    }

    /** True when also an RFC 7489 receiver (strict ABNF) would apply it. */
    boolean usableUnderRfc7489() {
        return usable() && problems.stream().noneMatch(pr -> pr.kind() == Kind.TAG_ORDER);
    }

    /** The policy for the domain the record is published for; none when missing (RFC 9989 §4.7). */
    Policy domainPolicy() {
        return policyFallbackNone ? Policy.NONE : p.orElse(Policy.NONE);
    }

    /** The policy for existing subdomains: sp, else p. */
    Policy subdomainPolicy() {
        return policyFallbackNone ? Policy.NONE : sp.or(() -> p).orElse(Policy.NONE);
    }

    /** The policy for non-existent subdomains: np, else sp, else p (RFC 9989 §4.7 "np"). */
    Policy nonExistentPolicy() {
        return policyFallbackNone ? Policy.NONE : np.or(() -> sp).or(() -> p).orElse(Policy.NONE);
    }

    /** The psd tag says {@code y} or {@code n} (either stops the tree walk, RFC 9989 §4.10.2). */
    boolean hasPsdMarker() {
        return "y".equals(psd) || "n".equals(psd);
    }
}
