package dev.mailward.results.api;

import dev.mailward.results.AcceptFinding;
import dev.mailward.results.ResultService;
import dev.mailward.results.ResultValidationException;
import dev.mailward.results.api.ResultsApiDtos.CreateException;
import dev.mailward.results.api.ResultsApiDtos.FindingException;
import dev.mailward.results.api.ResultsApiDtos.Page;
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
@RestController
@RequestMapping("/api/v1/exceptions")
class ExceptionsApiController {

    private final ResultService results;

    ExceptionsApiController(ResultService results) {
        this.results = results;
    }

    @GetMapping
    Page<FindingException> list(
            @RequestParam Optional<Long> domainId,
            @RequestParam(defaultValue = "true") boolean active,
            @RequestParam(defaultValue = "0") int page) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return Page.of(results.exceptions(domainId, active, page), e -> FindingException.of(e, today));
    }

    @GetMapping("/{id}")
    FindingException get(@PathVariable long id) {
        return FindingException.of(results.exception(id), LocalDate.now(ZoneOffset.UTC));
    }

    @PostMapping
    ResponseEntity<FindingException> create(@RequestBody(required = false) CreateException body) {
        if (body == null || body.domainId() == null) {
            throw new ResultValidationException("domainId", "scanning.api.domainId", "domainId is required");
        }
        long id = results.acceptFinding(
                body.domainId(),
                new AcceptFinding(body.check(), body.target(), body.code(), body.reason(), body.expiresOn()));
        return ResponseEntity.created(URI.create("/api/v1/exceptions/" + id))
                .body(FindingException.of(results.exception(id), LocalDate.now(ZoneOffset.UTC)));
    }

    @PostMapping("/{id}/revoke")
    FindingException revoke(@PathVariable long id) {
        results.revokeException(id);
        return FindingException.of(results.exception(id), LocalDate.now(ZoneOffset.UTC));
    }
}
