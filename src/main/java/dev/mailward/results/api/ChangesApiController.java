package dev.mailward.results.api;

import dev.mailward.results.ChangeDirection;
import dev.mailward.results.ResultService;
import dev.mailward.results.ResultValidationException;
import dev.mailward.results.api.ResultsApiDtos.Change;
import dev.mailward.results.api.ResultsApiDtos.ChangePage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /api/v1/changes?domain=&check=&direction=&page=}: confirmed changes of results of the
 * domains the caller may see, newest first, {@value ResultService#CHANGES_PAGE} per page.
 */
@Tag(name = "Changes")
@RestController
class ChangesApiController {

    private final ResultService results;

    ChangesApiController(ResultService results) {
        this.results = results;
    }

    @Operation(
            operationId = "listChanges",
            summary = "List confirmed changes",
            description =
                    "Results that changed (status, finding codes or DNS answers) and were confirmed by a second check, newest first; filter by `domain` (name), `check` and `direction` (`WORSE`, `BETTER`, `CHANGED`, or `APPEARED` / `DISAPPEARED` for a target (an endpoint) that a scan found for the first time or no longer found). `next` links the next page.")
    @GetMapping("/api/v1/changes")
    ChangePage changes(
            @RequestParam Optional<String> domain,
            @RequestParam Optional<String> check,
            @RequestParam Optional<String> direction,
            @RequestParam(defaultValue = "0") int page) {
        Optional<ChangeDirection> dir = direction.filter(d -> !d.isBlank()).map(ChangesApiController::direction);
        int p = Math.max(0, page);
        List<Change> items =
                results.changes(domain, check, dir, p).stream().map(Change::of).toList();
        String next = items.size() < ResultService.CHANGES_PAGE
                ? null
                : UriComponentsBuilder.fromPath("/api/v1/changes")
                        .queryParamIfPresent("domain", domain.filter(s -> !s.isBlank()))
                        .queryParamIfPresent("check", check.filter(s -> !s.isBlank()))
                        .queryParamIfPresent("direction", dir.map(Enum::name))
                        .queryParam("page", p + 1)
                        .encode()
                        .build()
                        .toUriString();
        return new ChangePage(items, p, ResultService.CHANGES_PAGE, next);
    }

    private static ChangeDirection direction(String s) {
        try {
            return ChangeDirection.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResultValidationException(
                    "direction",
                    "scanning.api.direction",
                    "direction must be one of WORSE, BETTER, CHANGED, APPEARED, DISAPPEARED");
        }
    }
}
