package dev.mailward.inventory.web;

import dev.mailward.inventory.DomainQuery;
import java.util.Locale;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The links of the domain list: each column header's sort link (the same column again flips the
 * direction), its {@code aria-sort}, and the pages, every one keeping the search, filters and order.
 */
record DomainListLinks(DomainQuery query) {

    /** The sort a request parameter names; by name for none or an unknown one. */
    static DomainQuery.Sort sort(String value) {
        if (value != null) {
            for (DomainQuery.Sort s : DomainQuery.Sort.values()) {
                if (s.name().equalsIgnoreCase(value.strip())) {
                    return s;
                }
            }
        }
        return DomainQuery.Sort.NAME;
    }

    /** The link that orders by {@code column} ({@code name}, {@code score}, {@code status}, {@code checked}). */
    public String sortBy(String column) {
        DomainQuery.Sort s = sort(column);
        boolean descending = s == query.sort() && !query.descending();
        return url(s, descending, 0);
    }

    /** {@code ascending}, {@code descending} for the column the list is ordered by, else {@code none}. */
    public String ariaSort(String column) {
        if (sort(column) != query.sort()) {
            return "none";
        }
        return query.descending() ? "descending" : "ascending";
    }

    /** The link to page {@code page} (zero-based) in the same order. */
    public String page(int page) {
        return url(query.sort(), query.descending(), page);
    }

    private String url(DomainQuery.Sort sort, boolean descending, int page) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/domains");
        query.text().ifPresent(t -> b.queryParam("q", t));
        query.teamId().ifPresent(t -> b.queryParam("team", t));
        query.tag().ifPresent(t -> b.queryParam("tag", t));
        query.status().ifPresent(s -> b.queryParam("status", s.name()));
        if (sort != DomainQuery.Sort.NAME) {
            b.queryParam("sort", sort.name().toLowerCase(Locale.ROOT));
        }
        if (descending) {
            b.queryParam("dir", "desc");
        }
        if (page > 0) {
            b.queryParam("page", page);
        }
        return b.encode().build().toUriString();
    }
}
