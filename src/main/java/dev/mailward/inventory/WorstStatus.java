package dev.mailward.inventory;

import java.util.Optional;

/**
 * The worst status as the lists show and filter it. Of a domain: the worst among its mitigations in the
 * dashboard's read model ({@code dashboard_domain_health_v}); of a mail server: the worst current result
 * of its endpoints ({@code results_current_v}). {@link #NONE} when not checked yet (or nothing could be
 * measured).
 */
public enum WorstStatus {
    FAIL(0),
    ERROR(1),
    WARN(2),
    PASS(3),
    NONE(-1);

    private final int rank;

    WorstStatus(int rank) {
        this.rank = rank;
    }

    /** The rank the read model stores ({@code worst}: 0 FAIL … 3 PASS); -1 for {@link #NONE}. */
    int rank() {
        return rank;
    }

    /** The status of a stored rank; {@link #NONE} for none. */
    static WorstStatus ofRank(Integer rank) {
        if (rank == null) {
            return NONE;
        }
        for (WorstStatus h : values()) {
            if (h.rank == rank) {
                return h;
            }
        }
        return NONE;
    }

    /** The filter a request parameter names, case-insensitive; empty for none or an unknown name. */
    public static Optional<WorstStatus> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        for (WorstStatus h : values()) {
            if (h.name().equalsIgnoreCase(value.strip())) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
