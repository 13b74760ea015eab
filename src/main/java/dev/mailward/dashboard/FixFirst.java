package dev.mailward.dashboard;

import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import java.util.Comparator;
import java.util.List;

/**
 * A "fix this first" list: the problems of a domain or of the user's fleet, worst first. A problem is a
 * cause, one finding code of one check on one target (an MX host's certificate, a domain's SPF record),
 * failing, erring or warning and not covered by an accepted exception; a cause behind several domains (one
 * MX host's expired certificate behind 40 domains) is one item. Order: {@code FAIL}, then {@code ERROR},
 * then {@code WARN}; within a status the mitigation's catalogue weight times the domains affected, highest
 * first; then check, target and code.
 *
 * @param items the first items, at most the list's bound
 * @param total how many items there are in all
 */
public record FixFirst(List<Item> items, long total) {

    /** Items shown at the top of a page. */
    public static final int TOP = 10;

    /** Domains named per item of the fleet's list. */
    public static final int DOMAINS_SHOWN = 5;

    public FixFirst {
        items = List.copyOf(items);
    }

    /** How many items are not shown. */
    public long more() {
        return Math.max(0, total - items.size());
    }

    /**
     * One cause.
     *
     * @param check the check id, e.g. {@code certificate}
     * @param target the result target, e.g. {@code mx.example.net:25}
     * @param code the finding code, the anchor of its section in the mitigation's guide
     * @param status {@code FAIL}, {@code ERROR} or {@code WARN}
     * @param mitigation the mitigation the finding informs
     * @param message the finding's one-line message in plain words
     * @param weight the mitigation's catalogue weight
     * @param domains how many of the user's domains share the cause
     * @param shown up to {@link #DOMAINS_SHOWN} of them, by name; the first is the one whose guide the
     *     item links to
     */
    public record Item(
            String check,
            String target,
            String code,
            Status status,
            Mitigation mitigation,
            String message,
            int weight,
            long domains,
            List<DomainRef> shown) {

        public Item {
            shown = List.copyOf(shown);
        }

        /** The domain whose guide for the mitigation the item links to. */
        public long guideDomainId() {
            return shown.getFirst().id();
        }

        /** The cause's key: check, target and code. */
        Cause cause() {
            return new Cause(check, target, code);
        }
    }

    /**
     * A domain named in an item.
     *
     * @param id the domain id
     * @param name its name as shown (the U-label)
     */
    public record DomainRef(long id, String name) {}

    /**
     * The checks whose target is the domain itself or its DKIM selector name (CHECKS.md "Results"): their
     * causes are never shared by two domains.
     */
    static final java.util.Set<String> OWN_CHECKS =
            java.util.Set.of("mx", "spf", "dmarc", "mta-sts", "tls-rpt", "dkim");

    /** A cause: one finding code of one check on one target. */
    record Cause(String check, String target, String code) {

        /** The first 64 bits of the SHA-256 of check, target and code: the key {@code domain_problem.cause}. */
        long hash() {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                        .digest((check + '\u0000' + target + '\u0000' + code)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.nio.ByteBuffer.wrap(d).getLong();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The list's order (see the class comment). */
    static final Comparator<Item> ORDER = Comparator.comparingInt((Item i) -> rank(i.status()))
            .thenComparing(Comparator.comparingLong((Item i) -> i.weight() * i.domains())
                    .reversed())
            .thenComparing(Comparator.comparingInt(Item::weight).reversed())
            .thenComparing(Item::check)
            .thenComparing(Item::target)
            .thenComparing(Item::code);

    /** 0 for {@code FAIL}, 1 for {@code ERROR}, 2 for {@code WARN} (as stored in {@code domain_problem.status}). */
    static int rank(Status s) {
        return switch (s) {
            case FAIL -> 0;
            case ERROR -> 1;
            case WARN -> 2;
            default -> throw new IllegalArgumentException("not a problem: " + s);
        };
    }

    static Status status(int rank) {
        return switch (rank) {
            case 0 -> Status.FAIL;
            case 1 -> Status.ERROR;
            default -> Status.WARN;
        };
    }

    /** Whether a finding of this status is a problem for the list. */
    static boolean isProblem(Status s) {
        return s == Status.FAIL || s == Status.ERROR || s == Status.WARN;
    }
}
