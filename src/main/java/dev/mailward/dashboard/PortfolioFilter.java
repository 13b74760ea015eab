package dev.mailward.dashboard;

import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.MitigationStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * The filters, sort and page of the portfolio. Team and tag narrow every figure of the page; status
 * and mitigation narrow the matrix: a status alone keeps domains with that status on any mitigation, a
 * mitigation alone keeps domains where it fails, warns or errs, both keep domains where that mitigation
 * has that status.
 *
 * @param teamId one team (must be visible to the user; otherwise nothing matches)
 * @param tag one tag
 * @param status a mitigation status
 * @param mitigation a mitigation
 * @param sort the matrix order
 * @param page zero-based page of {@link #PAGE_SIZE} rows
 */
public record PortfolioFilter(
        Optional<Long> teamId,
        Optional<String> tag,
        Optional<MitigationStatus> status,
        Optional<Mitigation> mitigation,
        Sort sort,
        int page) {

    /** Matrix rows per page. */
    public static final int PAGE_SIZE = 50;

    public PortfolioFilter {
        Objects.requireNonNull(teamId, "teamId");
        tag = tag.map(String::trim).filter(t -> !t.isEmpty()).map(t -> t.length() > 64 ? t.substring(0, 64) : t);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mitigation, "mitigation");
        Objects.requireNonNull(sort, "sort");
        page = Math.max(0, Math.min(page, 100_000));
    }

    /** Everything, by name, first page. */
    public static PortfolioFilter all() {
        return new PortfolioFilter(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Sort.NAME, 0);
    }

    /** The matrix orders. */
    public enum Sort {
        NAME,
        NAME_DESC,
        SCORE,
        SCORE_DESC
    }
}
