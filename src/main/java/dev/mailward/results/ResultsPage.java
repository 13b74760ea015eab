package dev.mailward.results;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A page of results, ordered by domain, check and target.
 *
 * @param items the results of this page
 * @param page zero-based page number
 * @param pageSize results per page
 * @param hasNext whether a further page exists
 * @param asOf the point in time asked for; empty for the current results
 */
public record ResultsPage(List<ReportedResult> items, int page, int pageSize, boolean hasNext, Optional<Instant> asOf) {

    public ResultsPage {
        items = List.copyOf(items);
    }
}
