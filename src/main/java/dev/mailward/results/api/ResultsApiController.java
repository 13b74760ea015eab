package dev.mailward.results.api;

import dev.mailward.results.ResultService;
import dev.mailward.results.ResultValidationException;
import dev.mailward.results.ResultsPage;
import dev.mailward.results.api.ResultsApiDtos.Rejudged;
import dev.mailward.results.api.ResultsApiDtos.Result;
import dev.mailward.results.api.ResultsApiDtos.ResultPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /api/v1/results?domain=&asOf=&page=}: the current results (or those as of an instant or a
 * date, a date meaning the end of that day UTC) and their findings, 100 per page, of the domains the
 * caller may see; {@code POST /api/v1/results/rejudge}: the latest observations judged again under the
 * current rules (admins).
 */
@Tag(name = "Results")
@RestController
class ResultsApiController {

    private final ResultService results;

    ResultsApiController(ResultService results) {
        this.results = results;
    }

    @Operation(
            operationId = "listResults",
            summary = "List current results",
            description =
                    "The current result of every check and target of the domains you can see, or of one `domain` (name), 100 a page, in the \"Results\" format of CHECKS.md (status, findings with code and message, evidence). `asOf` (ISO date or instant) gives the results as they stood then; `next` is the link to the next page.")
    @GetMapping("/api/v1/results")
    ResultPage results(
            @RequestParam(required = false) String domain,
            @RequestParam(required = false) String asOf,
            @RequestParam(defaultValue = "0") int page) {
        Optional<Instant> at = parse(asOf);
        ResultsPage p = results.results(Optional.ofNullable(domain), at, page);
        String next = p.hasNext()
                ? UriComponentsBuilder.fromPath("/api/v1/results")
                        .queryParamIfPresent(
                                "domain", Optional.ofNullable(domain).filter(d -> !d.isBlank()))
                        .queryParamIfPresent("asOf", Optional.ofNullable(asOf).filter(d -> !d.isBlank()))
                        .queryParam("page", p.page() + 1)
                        .encode()
                        .build()
                        .toUriString()
                : null;
        return new ResultPage(
                p.items().stream().map(Result::of).toList(),
                p.page(),
                p.pageSize(),
                p.asOf().orElse(null),
                next);
    }

    /**
     * Judges the latest stored observation of every domain again under the current rules (admins only):
     * new runs, no change events, no network.
     */
    @Operation(
            operationId = "rejudgeResults",
            summary = "Re-judge stored observations",
            description =
                    "Judges the latest stored observation of every domain again under the current rules, without contacting any server: each domain gets a run with trigger REJUDGE, no change is reported, and the action is audited. Answers how many domains were judged and under which rules version. Needs the ADMIN role.")
    @PostMapping("/api/v1/results/rejudge")
    Rejudged rejudge() {
        return Rejudged.of(results.rejudgeAll());
    }

    static Optional<Instant> parse(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            return Optional.empty();
        }
        String s = asOf.strip();
        try {
            if (s.length() == 10) {
                return Optional.of(LocalDate.parse(s)
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .minusMillis(1));
            }
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            throw new ResultValidationException(
                    "asOf",
                    "reports.error.date",
                    "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s)
                            + "' is neither a date (YYYY-MM-DD) nor an instant (2026-01-05T12:00:00Z)");
        }
    }
}
