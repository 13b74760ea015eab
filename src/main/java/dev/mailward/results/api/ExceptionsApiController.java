package dev.mailward.results.api;

import dev.mailward.results.AcceptFinding;
import dev.mailward.results.ResultService;
import dev.mailward.results.ResultValidationException;
import dev.mailward.results.api.ResultsApiDtos.CreateException;
import dev.mailward.results.api.ResultsApiDtos.FindingException;
import dev.mailward.results.api.ResultsApiDtos.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/exceptions}: accepted findings of the domains the caller may see (active ones by
 * default, {@code active=false} for all), accepting a finding and revoking an exception (both
 * audited; ADMIN or OPERATOR of the domain's team).
 */
@Tag(name = "Exceptions")
@RestController
@RequestMapping("/api/v1/exceptions")
class ExceptionsApiController {

    private final ResultService results;

    ExceptionsApiController(ResultService results) {
        this.results = results;
    }

    @Operation(
            operationId = "listExceptions",
            summary = "List accepted findings",
            description =
                    "Findings accepted as a risk (exceptions) of the domains you can see, optionally of one `domainId`; `active=true` (the default) lists only those in force today, `false` also expired and revoked ones.")
    @GetMapping
    Page<FindingException> list(
            @RequestParam Optional<Long> domainId,
            @RequestParam(defaultValue = "true") boolean active,
            @RequestParam(defaultValue = "0") int page) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return Page.of(results.exceptions(domainId, active, page), e -> FindingException.of(e, today));
    }

    @Operation(
            operationId = "getException",
            summary = "Get an accepted finding",
            description =
                    "One exception: the domain, check, target and finding code it covers, the reason, who accepted it, and until when.")
    @GetMapping("/{id}")
    FindingException get(@PathVariable long id) {
        return FindingException.of(results.exception(id), LocalDate.now(ZoneOffset.UTC));
    }

    @Operation(
            operationId = "createException",
            summary = "Accept a finding",
            description =
                    "Accepts one finding (check, target, code) of a domain as a risk, with a reason and an expiry date (today to two years ahead); `scope` says which targets it covers: `TARGET` (the default) this target only, `DOMAIN` every target of the domain with this code. While in force the finding shows as ACCEPTED and does not lower the score. Answers 201. Needs the OPERATOR or ADMIN role.")
    @PostMapping
    ResponseEntity<FindingException> create(@RequestBody(required = false) CreateException body) {
        if (body == null || body.domainId() == null) {
            throw new ResultValidationException("domainId", "scanning.api.domainId", "domainId is required");
        }
        long id = results.acceptFinding(
                body.domainId(),
                new AcceptFinding(
                        body.check(), body.target(), body.code(), body.reason(), body.expiresOn(), body.scope()));
        return ResponseEntity.created(URI.create("/api/v1/exceptions/" + id))
                .body(FindingException.of(results.exception(id), LocalDate.now(ZoneOffset.UTC)));
    }

    @Operation(
            operationId = "revokeException",
            summary = "Revoke an accepted finding",
            description =
                    "Ends an exception today: the finding counts again from the next assessment. Answers the exception as it is now. Needs the OPERATOR or ADMIN role.")
    @PostMapping("/{id}/revoke")
    FindingException revoke(@PathVariable long id) {
        results.revokeException(id);
        return FindingException.of(results.exception(id), LocalDate.now(ZoneOffset.UTC));
    }
}
