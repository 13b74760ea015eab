package dev.mailward.inventory;

import java.util.Optional;

/**
 * A page of the domain list.
 *
 * @param text substring of the name (A-label or U-label), case-insensitive; empty for all
 * @param teamId only this team's domains
 * @param tag only domains carrying this tag
 * @param page zero-based page number (pages of {@link #PAGE_SIZE})
 * @param sort the column the list is ordered by
 * @param descending whether in the column's descending order (for {@link Sort#STATUS}: best first)
 * @param status only domains whose worst status is this one; empty for all
 */
public record DomainQuery(
        Optional<String> text,
        Optional<Long> teamId,
        Optional<String> tag,
        int page,
        Sort sort,
        boolean descending,
        Optional<WorstStatus> status) {

    public static final int PAGE_SIZE = 50;

    public DomainQuery {
        text = text.map(String::strip).filter(s -> !s.isEmpty());
        tag = tag.map(String::strip).filter(s -> !s.isEmpty());
        page = Math.max(0, page);
        sort = sort == null ? Sort.NAME : sort;
        status = status == null ? Optional.empty() : status;
    }

    /** By name, every status. */
    public DomainQuery(Optional<String> text, Optional<Long> teamId, Optional<String> tag, int page) {
        this(text, teamId, tag, page, Sort.NAME, false, Optional.empty());
    }

    public static DomainQuery all() {
        return new DomainQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    /** Whether any filter narrows the list (the empty list then says "no domain matches"). */
    public boolean filtered() {
        return text.isPresent() || teamId.isPresent() || tag.isPresent() || status.isPresent();
    }

    /**
     * The orders of the domain list. Domains without the value (never checked, no score) come last in
     * either direction; ties are broken by the domain.
     */
    public enum Sort {
        /** By A-label. */
        NAME,
        /** By score (0–100), lowest first. */
        SCORE,
        /** By worst status, failures first, then by score. */
        STATUS,
        /** By when the results were taken, oldest first. */
        CHECKED
    }
}
