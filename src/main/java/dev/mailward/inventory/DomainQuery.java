package dev.mailward.inventory;

import java.util.Optional;

/**
 * A page of the domain list.
 *
 * @param text substring of the name (A-label or U-label), case-insensitive; empty for all
 * @param teamId only this team's domains
 * @param tag only domains carrying this tag
 * @param page zero-based page number (pages of {@link #PAGE_SIZE})
 */
public record DomainQuery(Optional<String> text, Optional<Long> teamId, Optional<String> tag, int page) {

    public static final int PAGE_SIZE = 50;

    public DomainQuery {
        text = text.map(String::strip).filter(s -> !s.isEmpty());
        tag = tag.map(String::strip).filter(s -> !s.isEmpty());
        page = Math.max(0, page);
    }

    public static DomainQuery all() {
        return new DomainQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }
}
