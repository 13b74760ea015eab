package dev.mailward.inventory;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the rows of this page
 * @param page zero-based page number
 * @param pageSize rows per page
 * @param total rows in all pages
 */
public record PageOf<T>(List<T> items, int page, int pageSize, long total) {

    public PageOf {
        items = List.copyOf(items);
    }

    public int totalPages() {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < totalPages();
    }
}
